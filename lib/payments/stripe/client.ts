import "server-only";
import Stripe from "stripe";
import { config } from "@/lib/config/env";

/** Long enough for Checkout Session creation on a slow day, short enough to hold no webhook. */
export const STRIPE_TIMEOUT_MS = 20_000;

export interface StripeClientOptions {
  /** Overrides STRIPE_API_BASE (tests pass the fake's address). */
  apiBase?: string;
  timeoutMs?: number;
}

/**
 * Where the SDK sends requests: Stripe's own API unless STRIPE_API_BASE points elsewhere. The
 * SDK takes a host, a port and a protocol rather than a URL, and always adds `/v1/…` itself,
 * so a base with a path cannot be honoured and is refused instead of silently ignored.
 */
export function stripeAddress(
  apiBase: string | undefined,
): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`STRIPE_API_BASE must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.pathname !== "/" || url.search !== "") {
    throw new Error("STRIPE_API_BASE must be an origin (scheme, host, port) without a path");
  }
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    protocol,
    host: url.hostname,
    port: url.port === "" ? (protocol === "http" ? 80 : 443) : Number(url.port),
  };
}

/**
 * A Stripe client for one secret key. No network retries inside the SDK: payment calls are
 * retried by our jobs with the same Idempotency-Key, and a hidden retry loop would only stretch
 * the time a webhook or a request waits. (The SDK still retries a connection that closed before
 * answering, keyed with an Idempotency-Key, which is safe.)
 */
export function stripeClient(secretKey: string, opts: StripeClientOptions = {}): Stripe {
  return new Stripe(secretKey, {
    ...stripeAddress(opts.apiBase ?? config().STRIPE_API_BASE),
    timeout: opts.timeoutMs ?? STRIPE_TIMEOUT_MS,
    maxNetworkRetries: 0,
    telemetry: false,
    appInfo: { name: "Botshop" },
  });
}

/**
 * Whether trying the same call again later (with the same Idempotency-Key) can succeed:
 * network failures, Stripe's 5xx, rate limits and a concurrent use of the same key. Refusals of
 * the request itself (bad parameters, a revoked key, an idempotency mismatch) will not.
 */
export function isRetryableStripeError(err: unknown): boolean {
  if (!(err instanceof Stripe.errors.StripeError)) return false;
  if (err instanceof Stripe.errors.StripeConnectionError) return true;
  if (err instanceof Stripe.errors.StripeRateLimitError) return true;
  if (err instanceof Stripe.errors.StripeAPIError) return true;
  if (err.code === "idempotency_key_in_use") return true;
  return (err.statusCode ?? 0) >= 500;
}
