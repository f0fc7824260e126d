/**
 * Amounts, dates and times as a contact reads them: in their language and time zone. Used by the
 * template filters `| money`, `| date`, `| time` and `| datetime` (template.ts). Pure.
 */

export interface LocaleSettings {
  /** A BCP 47 tag or Telegram's language_code: "ru", "en", "en-GB". */
  locale: string;
  /** An IANA zone: "Europe/Moscow". */
  timeZone: string;
}

export const defaultLocaleSettings: LocaleSettings = { locale: "en", timeZone: "UTC" };

/**
 * A decimal amount in the currency's major units (14500, "14500.50") with its currency:
 * "14 500 ₽" in Russian, "RUB 14,500.00"-style in English as Intl writes it. Whole amounts drop
 * the kopecks. Not a number: the value as given.
 */
export function formatAmount(value: unknown, currency: unknown, settings: LocaleSettings): string {
  const amount = typeof value === "number" ? value : Number(String(value ?? "").trim());
  if (!Number.isFinite(amount) || String(value ?? "").trim() === "") return String(value ?? "");
  const code = typeof currency === "string" ? currency.trim().toUpperCase() : "";
  const whole = Number.isInteger(amount);
  const locale = safeLocale(settings.locale);
  if (code === "XTR") return `${new Intl.NumberFormat(locale).format(amount)} ⭐`;
  if (/^[A-Z]{3}$/.test(code)) {
    try {
      return new Intl.NumberFormat(locale, {
        style: "currency",
        currency: code,
        minimumFractionDigits: whole ? 0 : 2,
        maximumFractionDigits: 2,
      }).format(amount);
    } catch {
      // A code Intl does not know: the number and the code.
    }
  }
  const number = new Intl.NumberFormat(locale, {
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(amount);
  return code ? `${number} ${code}` : number;
}

export type MomentPart = "date" | "time" | "datetime";

/**
 * An instant (ISO 8601 text, or milliseconds since 1970) in the contact's zone: "24 ноября 2026
 * г.", "12:43 МСК", "24 November 2026, 09:43 GMT". Russian readers get Moscow-relative zone names
 * (МСК, МСК+2), as Russian shops write times. Not an instant: the value as given.
 */
export function formatMoment(value: unknown, part: MomentPart, settings: LocaleSettings): string {
  const at =
    typeof value === "number"
      ? new Date(value)
      : typeof value === "string" && value.trim() !== ""
        ? new Date(value)
        : value instanceof Date
          ? value
          : undefined;
  if (!at || Number.isNaN(at.getTime())) return typeof value === "string" ? value : "";
  const locale = safeLocale(settings.locale);
  const timeZone = safeZone(settings.timeZone);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(at);
  if (part === "date") return date;
  const clock = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(at);
  const time = `${clock} ${zoneName(at, locale, timeZone)}`;
  return part === "time" ? time : `${date}, ${time}`;
}

function zoneName(at: Date, locale: string, timeZone: string): string {
  if (locale.toLowerCase().startsWith("ru")) {
    const offset = offsetMinutes(at, timeZone);
    if (offset !== undefined && offset % 60 === 0) {
      const fromMoscow = (offset - 180) / 60;
      if (fromMoscow === 0) return "МСК";
      if (Math.abs(fromMoscow) <= 9) return `МСК${fromMoscow > 0 ? "+" : ""}${fromMoscow}`;
    }
  }
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** The zone's offset from UTC at that instant, in minutes. */
function offsetMinutes(at: Date, timeZone: string): number | undefined {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  if (name === "GMT") return 0;
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name ?? "");
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale.replace("_", "-"))[0] ?? "en";
  } catch {
    return "en";
  }
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}
