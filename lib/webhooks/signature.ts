import crypto from "node:crypto";

/**
 * The signature every webhook request carries (docs/webhooks.md):
 * `Botshop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Signing the timestamp with the body lets a receiver refuse old requests replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/**
 * What a receiver does, as in the docs' Node snippet: parse the header, recompute, compare in
 * constant time, and refuse a timestamp more than `toleranceSeconds` away from now.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  options: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  const parts = Object.fromEntries(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/**
 * The id of a happening in the payload: the same for every endpoint and every retry, so a
 * receiver can drop duplicates. A UUID derived from the delivery's dedupe key, computed the same
 * way in SQL (`md5(key)::uuid`) where event.delivered is queued.
 */
export function webhookEventId(dedupeKey: string): string {
  const h = crypto.createHash("md5").update(dedupeKey).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
