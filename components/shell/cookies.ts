import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";

const YEAR = 60 * 60 * 24 * 365;

export function setCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${YEAR}; samesite=lax`;
}

/** The language switch: next-intl's request config reads this cookie (lib/i18n/request.ts). */
export function setLocaleCookie(locale: Locale): void {
  setCookie(LOCALE_COOKIE, locale);
}
