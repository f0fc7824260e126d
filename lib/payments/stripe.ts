import "server-only";
import Stripe from "stripe";
import { currencyExponent, isCurrencyCode, type CurrencyCode } from "@/lib/money/currency";
import type {
  CheckoutRequest,
  CheckoutResult,
  PaymentAdapter,
  ProviderPayment,
  ProviderPaymentStatus,
  RefundResult,
} from "@/lib/payments/types";
import { stripeClient, type StripeClientOptions } from "./stripe/client";

export { isRetryableStripeError, stripeAddress, stripeClient } from "./stripe/client";
export { StripeSignatureError, verifyStripeEvent } from "./stripe/webhook";
export {
  handledStripeEventTypes,
  isHandledStripeEventType,
  stripeEventToPayment,
  type HandledStripeEventType,
  type StripePaymentEvent,
} from "./stripe/events";

/**
 * Stripe behind the PaymentAdapter contract (DESIGN.md, Payments): Stripe Checkout in
 * "payment" mode for one-time products and "subscription" mode for recurring ones, the
 * authoritative status from the Checkout Session, refunds by payment intent.
 *
 * Every object we create carries `order_id` metadata — the session, its payment intent
 * (payment_intent_data) and its subscription (subscription_data) — because the events that
 * follow are about those objects, not the session: charge.refunded carries the payment
 * intent's metadata, invoice.paid the subscription's, customer.subscription.deleted its own.
 *
 * Amounts: Stripe wants the smallest currency unit, which is our minor unit for every currency
 * we know (JPY, KRW, VND are zero-decimal on both sides; BHD and KWD have three decimals on both,
 * and Stripe wants their last digit 0). XTR (Telegram Stars) cannot be sold through Stripe.
 */

const THIRTY_MINUTES = 30 * 60;
const ONE_DAY = 24 * 3600;
/** Keeps us inside Stripe's window despite clock skew and the time the request takes. */
const SKEW = 5 * 60;
/** A deadline raised to Stripe's minimum is rounded up to this, so retries send the same value. */
const ROUND = 10 * 60;

/**
 * Stripe accepts expires_at only 30 minutes to 24 hours after the session is created. Within
 * that window the payment node's deadline is sent as it is. A longer one is left out, which is
 * Stripe's default of 24 hours (the longest it allows; our order still expires on time in the
 * state machine, and a payment after that is a late payment it knows how to treat). A shorter
 * one is raised to the minimum, rounded up to 10 minutes so a retry with the same
 * Idempotency-Key a little later sends the same parameters (Stripe refuses a key reused with
 * different ones). A deadline already past is refused: the order is over.
 */
export function checkoutExpiresAt(expiresAt: Date, now: Date = new Date()): number | undefined {
  const nowS = Math.floor(now.getTime() / 1000);
  const wanted = Math.floor(expiresAt.getTime() / 1000);
  if (wanted <= nowS) throw new RangeError("The checkout's deadline has already passed");
  if (wanted > nowS + ONE_DAY - SKEW) return undefined;
  const earliest = nowS + THIRTY_MINUTES + SKEW;
  if (wanted >= earliest) return wanted;
  return Math.ceil(earliest / ROUND) * ROUND;
}

/**
 * Stripe's recurring price for a period of `days`: monthly when it is 30 (so renewals fall on
 * the same date each month, which is what buyers expect of "monthly"), otherwise every N days.
 * Stripe allows up to three years (1095 days).
 */
export function stripeRecurring(days: number): {
  interval: "day" | "month";
  interval_count: number;
} {
  if (!Number.isInteger(days) || days < 1 || days > 1095) {
    throw new RangeError(`A Stripe subscription period must be 1 to 1095 days, got ${days}`);
  }
  return days === 30
    ? { interval: "month", interval_count: 1 }
    : { interval: "day", interval_count: days };
}

function stripeAmount(amountMinor: number, currency: CurrencyCode): number {
  if (currency === "XTR") throw new RangeError("Stripe does not take Telegram Stars (XTR)");
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new RangeError(`Not a positive amount in minor units: ${amountMinor}`);
  }
  if (currencyExponent(currency) === 3 && amountMinor % 10 !== 0) {
    throw new RangeError(`Stripe takes ${currency} amounts only with a last digit of 0`);
  }
  return amountMinor;
}

function currencyOf(currency: string | null): CurrencyCode {
  const code = (currency ?? "").toUpperCase();
  if (!isCurrencyCode(code)) throw new Error(`Stripe answered an unknown currency "${currency}"`);
  return code;
}

const idOf = (v: string | { id: string } | null | undefined): string | undefined =>
  typeof v === "string" ? v : (v?.id ?? undefined);

/** The status of a completed session's payment, from its payment intent and latest charge. */
function intentStatus(
  session: Stripe.Checkout.Session,
  intent: Stripe.PaymentIntent | null,
): { status: ProviderPaymentStatus; reason?: string } {
  if (session.payment_status === "paid" || session.payment_status === "no_payment_required") {
    const charge = intent && typeof intent.latest_charge === "object" ? intent.latest_charge : null;
    // Only a full refund ends the sale; a partial one leaves it paid.
    return { status: charge?.refunded ? "refunded" : "paid" };
  }
  // Complete but unpaid: a delayed payment method. Processing is still pending; back at
  // requires_payment_method (or canceled) means the attempt failed.
  if (intent && (intent.status === "requires_payment_method" || intent.status === "canceled")) {
    const reason = intent.last_payment_error?.message ?? intent.cancellation_reason ?? undefined;
    return { status: "failed", ...(reason ? { reason } : {}) };
  }
  return { status: "pending" };
}

export interface StripeAdapterOptions extends StripeClientOptions {
  secretKey: string;
}

export function stripeAdapter(opts: StripeAdapterOptions): PaymentAdapter {
  const { secretKey, ...clientOpts } = opts;
  const stripe = stripeClient(secretKey, clientOpts);

  /** A subscription's first payment intent: the session names the invoice, the invoice its payments. */
  const subscriptionIntent = async (invoiceId: string): Promise<Stripe.PaymentIntent | null> => {
    const payments = await stripe.invoicePayments.list({ invoice: invoiceId, limit: 10 });
    const paid = payments.data.find((p) => p.status === "paid") ?? payments.data[0];
    const intentId = idOf(paid?.payment.payment_intent);
    if (!intentId) return null;
    return stripe.paymentIntents.retrieve(intentId, { expand: ["latest_charge"] });
  };

  const getPayment = async (sessionId: string): Promise<ProviderPayment> => {
    const session = await stripe.checkout.sessions.retrieve(sessionId, {
      expand: ["payment_intent.latest_charge"],
    });
    let intent = typeof session.payment_intent === "object" ? session.payment_intent : null;
    const invoiceId = idOf(session.invoice);
    if (!intent && session.mode === "subscription" && invoiceId) {
      intent = await subscriptionIntent(invoiceId);
    }
    const { status, reason } =
      session.status === "expired"
        ? { status: "expired" as const, reason: undefined }
        : session.status === "complete"
          ? intentStatus(session, intent)
          : { status: "pending" as const, reason: undefined };
    const subscriptionId = idOf(session.subscription);
    return {
      providerPaymentId: session.id,
      status,
      amountMinor: session.amount_total ?? 0,
      currency: currencyOf(session.currency),
      orderId: session.metadata?.order_id ?? session.client_reference_id ?? null,
      ...(intent ? { chargeId: intent.id } : {}),
      ...(subscriptionId ? { subscriptionId } : {}),
      ...(reason ? { reason } : {}),
    };
  };

  return {
    kind: "stripe",

    async createCheckout(
      request: CheckoutRequest,
      idempotencyKey: string,
    ): Promise<CheckoutResult> {
      const amount = stripeAmount(request.amountMinor, request.currency);
      const metadata = { order_id: request.orderId };
      const expiresAt = checkoutExpiresAt(request.expiresAt);
      const description = request.description?.trim();
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: request.subscription ? "subscription" : "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: amount,
              product_data: { name: request.title, ...(description ? { description } : {}) },
              ...(request.subscription
                ? { recurring: stripeRecurring(request.subscription.intervalDays) }
                : {}),
            },
          },
        ],
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
        client_reference_id: request.orderId,
        metadata,
        ...(request.subscription
          ? { subscription_data: { metadata } }
          : { payment_intent_data: { metadata } }),
        ...(expiresAt !== undefined ? { expires_at: expiresAt } : {}),
      };
      const session = await stripe.checkout.sessions.create(params, { idempotencyKey });
      if (!session.url) throw new Error(`Stripe created session ${session.id} without a URL`);
      return { providerPaymentId: session.id, url: session.url };
    },

    getPayment,

    async refund(payment, idempotencyKey): Promise<RefundResult> {
      const intentId = payment.chargeId ?? (await getPayment(payment.providerPaymentId)).chargeId;
      if (!intentId) {
        throw new Error(`Stripe session ${payment.providerPaymentId} has no payment to refund`);
      }
      const refund = await stripe.refunds.create(
        {
          payment_intent: intentId,
          amount: stripeAmount(payment.amountMinor, payment.currency),
        },
        { idempotencyKey },
      );
      const status: RefundResult["status"] =
        refund.status === "succeeded"
          ? "succeeded"
          : refund.status === "failed" || refund.status === "canceled"
            ? "failed"
            : "pending";
      return { providerRefundId: refund.id, amountMinor: refund.amount, status };
    },

    async closeCheckout(sessionId) {
      const session = await stripe.checkout.sessions.retrieve(sessionId);
      if (session.status === "open") await stripe.checkout.sessions.expire(sessionId);
    },

    async cancelSubscription(subscriptionId) {
      const subscription = await stripe.subscriptions.retrieve(subscriptionId);
      if (subscription.status !== "canceled") await stripe.subscriptions.cancel(subscriptionId);
    },

    async testConnection() {
      try {
        const account = await stripe.accounts.retrieveCurrent();
        const name =
          account.settings?.dashboard.display_name ??
          account.business_profile?.name ??
          account.email;
        return { ok: true, account: name ? `${name} (${account.id})` : account.id };
      } catch (err) {
        if (err instanceof Stripe.errors.StripePermissionError) {
          // A restricted key may not read the account; reading the balance still proves it.
          try {
            await stripe.balance.retrieve();
            return { ok: true, account: "restricted key" };
          } catch (inner) {
            if (
              inner instanceof Stripe.errors.StripeAuthenticationError ||
              inner instanceof Stripe.errors.StripePermissionError
            ) {
              return { ok: false, message: inner.message };
            }
            throw inner;
          }
        }
        if (err instanceof Stripe.errors.StripeAuthenticationError) {
          return { ok: false, message: err.message };
        }
        throw err;
      }
    },
  };
}
