import "server-only";
import Stripe from "stripe";

export type StripeSignatureProblem = "missing_secret" | "missing_signature" | "bad_signature";

/**
 * A Stripe webhook that must not be believed: no Stripe-Signature header, or one that does not
 * match the raw body under the endpoint's secret within Stripe's tolerance (a forgery, a body
 * changed in transit or by a parser, a replay older than five minutes, or the wrong secret).
 * The route answers 400 and changes nothing; Stripe retries real events for three days.
 */
export class StripeSignatureError extends Error {
  constructor(
    readonly problem: StripeSignatureProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StripeSignatureError";
  }
}

/**
 * Verifies a webhook with the SDK's own check (HMAC-SHA256 of `timestamp.body`, constant-time
 * compare, default tolerance of 300 s) and returns the parsed event. `rawBody` must be the
 * bytes exactly as received: re-serialised JSON does not verify. Nothing is parsed before the
 * signature matches.
 */
export function verifyStripeEvent(
  rawBody: string,
  signatureHeader: string | null,
  webhookSecret: string,
): Stripe.Event {
  if (!webhookSecret) {
    throw new StripeSignatureError(
      "missing_secret",
      "No webhook signing secret is configured for this Stripe account",
    );
  }
  if (!signatureHeader) {
    throw new StripeSignatureError("missing_signature", "The Stripe-Signature header is missing");
  }
  try {
    return Stripe.webhooks.constructEvent(rawBody, signatureHeader, webhookSecret);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new StripeSignatureError("bad_signature", err.message, { cause: err });
    }
    throw err;
  }
}
