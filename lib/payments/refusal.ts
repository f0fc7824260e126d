import "server-only";
import Stripe from "stripe";
import { YookassaApiError } from "./yookassa/client";

/**
 * A provider's definite "no" (a 4xx with its reason: bad amount, currency not enabled, key
 * revoked), as opposed to a failure worth retrying (5xx, 429, 409, the network). Returns the
 * provider's own words, or null when retrying may help.
 */
export function providerRefusal(err: unknown): string | null {
  // The adapters refuse what the provider cannot take before calling it (a receipt without a
  // contact, a currency it does not support): retrying would not change the answer.
  if (err instanceof RangeError) return err.message;
  const status =
    err instanceof YookassaApiError
      ? err.status
      : err instanceof Stripe.errors.StripeError
        ? err.statusCode
        : undefined;
  // 409: another request with the same idempotency key is still running (a retry raced it).
  if (status === undefined || status < 400 || status >= 500 || status === 429 || status === 409)
    return null;
  return err instanceof Error ? err.message : String(err);
}
