/**
 * Money is integer minor units plus an ISO 4217 code everywhere in Botshop (DESIGN.md).
 * This table says how many minor units a currency has, which is what providers disagree about
 * most: Stripe and YooKassa want "zero-decimal" currencies (JPY, KRW) without a fraction, and
 * Telegram Stars (XTR) are whole stars.
 */
export const currencies = {
  RUB: { exponent: 2 },
  USD: { exponent: 2 },
  EUR: { exponent: 2 },
  GBP: { exponent: 2 },
  KZT: { exponent: 2 },
  BYN: { exponent: 2 },
  UAH: { exponent: 2 },
  UZS: { exponent: 2 },
  AMD: { exponent: 2 },
  GEL: { exponent: 2 },
  TRY: { exponent: 2 },
  PLN: { exponent: 2 },
  CHF: { exponent: 2 },
  CNY: { exponent: 2 },
  INR: { exponent: 2 },
  AED: { exponent: 2 },
  JPY: { exponent: 0 },
  KRW: { exponent: 0 },
  VND: { exponent: 0 },
  BHD: { exponent: 3 },
  KWD: { exponent: 3 },
  /** Telegram Stars: whole stars, no fraction. */
  XTR: { exponent: 0 },
} as const satisfies Record<string, { exponent: number }>;

export type CurrencyCode = keyof typeof currencies;

export const currencyCodes = Object.keys(currencies) as CurrencyCode[];

export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(currencies, code);
}

export function currencyExponent(currency: CurrencyCode): number {
  return currencies[currency].exponent;
}

/**
 * Minor units as a decimal string with exactly the currency's digits: 12345 RUB → "123.45",
 * 500 JPY → "500". YooKassa's `amount.value` takes this form. Integer arithmetic only.
 */
export function minorToDecimal(minor: number, currency: CurrencyCode): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Not an integer amount: ${minor}`);
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor));
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, "0");
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/**
 * The inverse of minorToDecimal: "123.45" RUB → 12345. Refuses more fraction digits than the
 * currency has (a provider answering "10.005" RUB is a bug to surface, not to round away).
 */
export function decimalToMinor(value: string, currency: CurrencyCode): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal amount: "${value}"`);
  const [, sign, whole, fraction = ""] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    if (/[^0]/.test(fraction.slice(exponent))) {
      throw new RangeError(`"${value}" has more than ${exponent} decimals for ${currency}`);
    }
  }
  const minor = Number(whole + fraction.slice(0, exponent).padEnd(exponent, "0"));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount out of range: "${value}"`);
  return sign ? -minor : minor;
}

/**
 * A price for people: "1 234,50 ₽" in Russian, "$12.34" in English, "⭐ 150" for Stars
 * (Intl knows no XTR). Always shows the currency's own number of digits.
 */
export function formatMoney(minor: number, currency: CurrencyCode, locale: string): string {
  const exponent = currencyExponent(currency);
  const amount = minor / 10 ** exponent;
  if (currency === "XTR") {
    return `⭐ ${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(amount)}`;
  }
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(amount);
}
