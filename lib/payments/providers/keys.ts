/**
 * What the keys of each provider look like, and which mode (test or live) a key belongs to.
 * Isomorphic: the API validates with it and the settings form shows the mode as one types.
 */
export const providerKinds = ["stripe", "yookassa", "telegram"] as const;
export type ProviderKind = (typeof providerKinds)[number];

export const paymentModes = ["test", "live"] as const;
export type PaymentMode = (typeof paymentModes)[number];

/** Stripe secret (sk_) and restricted (rk_) keys carry their mode in the prefix. */
export const STRIPE_SECRET_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]{10,}$/;
/** Signing secret of a webhook endpoint in the Stripe Dashboard. */
export const STRIPE_WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/=]{10,}$/;
/** YooKassa secret keys: test_… in a test shop, live_… in a real one. */
export const YOOKASSA_SECRET_KEY = /^(test|live)_[A-Za-z0-9_-]{10,}$/;
export const YOOKASSA_SHOP_ID = /^\d{3,12}$/;
/** @BotFather's payment provider token: <bot id>:TEST:<secret> or <bot id>:LIVE:<secret>. */
export const TELEGRAM_PROVIDER_TOKEN = /^\d{5,15}:(TEST|LIVE):[A-Za-z0-9_-]{4,}$/;

/** The mode a key belongs to, or null when it does not look like a key of that provider. */
export function modeOfKey(kind: ProviderKind, key: string): PaymentMode | null {
  const value = key.trim();
  const match =
    kind === "stripe"
      ? STRIPE_SECRET_KEY.exec(value)?.[2]
      : kind === "yookassa"
        ? YOOKASSA_SECRET_KEY.exec(value)?.[1]
        : TELEGRAM_PROVIDER_TOKEN.exec(value)?.[1]?.toLowerCase();
  return match === "test" || match === "live" ? match : null;
}

/**
 * What may be shown of a secret once it is stored: its non-secret prefix and the last four
 * characters ("sk_test_…4242", "live_…Ab3d", "381764678:TEST:…9f2a", "whsec_…k2Lq").
 */
export function secretHint(value: string): string {
  const prefix =
    /^(sk_test_|sk_live_|rk_test_|rk_live_|whsec_|test_|live_|\d+:(?:TEST|LIVE):)/.exec(
      value,
    )?.[1] ?? "";
  const rest = value.slice(prefix.length);
  // A short secret would be mostly revealed by its last four: show fewer.
  const tail = rest.slice(-Math.min(4, Math.floor(rest.length / 3)));
  return `${prefix}…${tail}`;
}
