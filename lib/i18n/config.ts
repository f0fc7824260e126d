export const locales = ["en", "ru"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
export const LOCALE_COOKIE = "NEXT_LOCALE";

/**
 * Message catalogues are split by area (messages/<locale>/<namespace>.json) so each part of
 * the app owns its strings. Add a namespace here when adding a file.
 */
export const namespaces = [
  "common",
  "auth",
  "nav",
  "settings",
  "journal",
  "bots",
  "errors",
  "sections",
  "flows",
  "products",
  "payments",
  "orders",
  "pay",
  "download",
  "files",
  "course",
  "unanswered",
  "inbox",
  "broadcasts",
  "webhooks",
  "eventTypes",
  "contacts",
  "analytics",
  "alerts",
] as const;

export function isLocale(value: string | undefined | null): value is Locale {
  return !!value && (locales as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split("-")[0], q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (isLocale(lang)) return lang;
  return defaultLocale;
}
