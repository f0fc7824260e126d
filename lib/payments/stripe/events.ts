import type Stripe from "stripe";
import { isCurrencyCode, type CurrencyCode } from "@/lib/money/currency";
import type { ProviderEvent, ProviderPaymentStatus } from "@/lib/payments/types";

/** The Stripe events Botshop acts on; every other type is acknowledged and ignored. */
export const handledStripeEventTypes = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "invoice.paid",
  "customer.subscription.deleted",
  "charge.refunded",
] as const;

export type HandledStripeEventType = (typeof handledStripeEventTypes)[number];

export function isHandledStripeEventType(type: string): type is HandledStripeEventType {
  return (handledStripeEventTypes as readonly string[]).includes(type);
}

/**
 * What a verified Stripe event means for one of our orders. `payment.orderId` comes from the
 * `order_id` metadata we put on the session, its payment intent and its subscription; when an
 * event carries none (a subscription invoice's charge being refunded: Stripe copies no metadata
 * onto those payment intents), the order is found by `payment.chargeId` (the payment intent) or
 * `payment.subscriptionId`. `payment.providerPaymentId` is the Checkout Session id when the event
 * is about a session, otherwise the id of the object it is about (pi_, in_, sub_).
 */
export interface StripePaymentEvent extends ProviderEvent {
  type: HandledStripeEventType;
  /** charge.refunded: everything refunded so far; a partial refund leaves the status "paid". */
  refundedMinor?: number;
  /** invoice.paid: "subscription_create" for the first period, "subscription_cycle" for renewals. */
  billingReason?: string;
  /** invoice.paid: when the paid period ends (unix seconds), from the invoice's lines. */
  periodEnd?: number;
}

const idOf = (v: string | { id: string } | null | undefined): string | undefined =>
  typeof v === "string" ? v : (v?.id ?? undefined);

/**
 * Stripe sends currencies in lower case. One that Botshop does not know can only belong to a
 * sale made outside Botshop on the same Stripe account (so: not ours), unless the object names
 * one of our orders, which would be a bug worth a failed webhook.
 */
function currencyOf(currency: string | null, orderId: string | null): CurrencyCode | null {
  const code = (currency ?? "").toUpperCase();
  if (isCurrencyCode(code)) return code;
  if (orderId === null) return null;
  throw new Error(
    `Stripe reported currency "${currency}" for order ${orderId}, which Botshop does not know`,
  );
}

/** checkout.session.completed, a non-zero session paid at once, or a zero one needing nothing. */
function sessionIsPaid(session: Stripe.Checkout.Session): boolean {
  return session.payment_status === "paid" || session.payment_status === "no_payment_required";
}

type SessionEvent =
  | Stripe.CheckoutSessionCompletedEvent
  | Stripe.CheckoutSessionAsyncPaymentSucceededEvent
  | Stripe.CheckoutSessionAsyncPaymentFailedEvent
  | Stripe.CheckoutSessionExpiredEvent;

function fromSession(
  event: SessionEvent,
  session: Stripe.Checkout.Session,
  status: ProviderPaymentStatus,
  reason?: string,
): StripePaymentEvent | null {
  const orderId = session.metadata?.order_id ?? session.client_reference_id ?? null;
  // A session without our order id was made by something else on the same Stripe account.
  if (orderId === null) return null;
  const currency = currencyOf(session.currency, orderId);
  if (currency === null) return null;
  const chargeId = idOf(session.payment_intent);
  const subscriptionId = idOf(session.subscription);
  return {
    eventId: event.id,
    type: event.type,
    payment: {
      providerPaymentId: session.id,
      status,
      amountMinor: session.amount_total ?? 0,
      currency,
      orderId,
      ...(chargeId ? { chargeId } : {}),
      ...(subscriptionId ? { subscriptionId } : {}),
      ...(reason ? { reason } : {}),
    },
  };
}

/**
 * Turns a verified event into what it means for an order, or null for anything Botshop does not
 * act on (other types, a session still waiting for a delayed payment method, objects that are
 * not ours). Pure: the caller dedupes on `eventId` and moves the order through the state
 * machine, which ignores moves it does not allow (a late expiry after payment, for one).
 */
export function stripeEventToPayment(event: Stripe.Event): StripePaymentEvent | null {
  switch (event.type) {
    case "checkout.session.completed": {
      // "unpaid" here means a delayed method (SEPA, bank transfer) is still processing; the
      // async_payment_succeeded / _failed event that follows decides.
      const session = event.data.object;
      return sessionIsPaid(session) ? fromSession(event, session, "paid") : null;
    }
    case "checkout.session.async_payment_succeeded":
      return fromSession(event, event.data.object, "paid");
    case "checkout.session.async_payment_failed":
      return fromSession(event, event.data.object, "failed", "The delayed payment failed");
    case "checkout.session.expired":
      return fromSession(event, event.data.object, "expired");
    case "invoice.paid":
      return fromInvoice(event, event.data.object);
    case "customer.subscription.deleted":
      return fromSubscription(event, event.data.object);
    case "charge.refunded":
      return fromCharge(event, event.data.object);
    default:
      return null;
  }
}

function fromInvoice(
  event: Stripe.InvoicePaidEvent,
  invoice: Stripe.Invoice,
): StripePaymentEvent | null {
  // Since API version 2025-03-31 the subscription and its metadata snapshot live under
  // parent.subscription_details; an invoice without one is not a subscription's.
  const details = invoice.parent?.subscription_details;
  if (!details) return null;
  const orderId = details.metadata?.order_id ?? null;
  const currency = currencyOf(invoice.currency, orderId);
  if (currency === null) return null;
  const subscriptionId = idOf(details.subscription);
  // The lines carry the service period; invoice.period_end looks back one period on renewals.
  const ends = (invoice.lines?.data ?? []).map((line) => line.period?.end ?? 0);
  const periodEnd = ends.length ? Math.max(...ends) : 0;
  return {
    eventId: event.id,
    type: event.type,
    ...(invoice.billing_reason ? { billingReason: invoice.billing_reason } : {}),
    ...(periodEnd > 0 ? { periodEnd } : {}),
    payment: {
      providerPaymentId: invoice.id,
      status: "paid",
      amountMinor: invoice.amount_paid,
      currency,
      orderId,
      ...(subscriptionId ? { subscriptionId } : {}),
    },
  };
}

function fromSubscription(
  event: Stripe.CustomerSubscriptionDeletedEvent,
  subscription: Stripe.Subscription,
): StripePaymentEvent | null {
  const orderId = subscription.metadata?.order_id ?? null;
  const currency = currencyOf(subscription.currency, orderId);
  if (currency === null) return null;
  const amountMinor = subscription.items.data.reduce(
    (sum, item) => sum + (item.price.unit_amount ?? 0) * (item.quantity ?? 1),
    0,
  );
  const reason = subscription.cancellation_details?.reason ?? undefined;
  return {
    eventId: event.id,
    type: event.type,
    payment: {
      providerPaymentId: subscription.id,
      status: "canceled",
      amountMinor,
      currency,
      orderId,
      subscriptionId: subscription.id,
      ...(reason ? { reason } : {}),
    },
  };
}

function fromCharge(
  event: Stripe.ChargeRefundedEvent,
  charge: Stripe.Charge,
): StripePaymentEvent | null {
  const orderId = charge.metadata?.order_id ?? null;
  const currency = currencyOf(charge.currency, orderId);
  if (currency === null) return null;
  const chargeId = idOf(charge.payment_intent) ?? charge.id;
  return {
    eventId: event.id,
    type: event.type,
    refundedMinor: charge.amount_refunded,
    payment: {
      providerPaymentId: chargeId,
      // `refunded` is true only once the whole amount is back with the buyer.
      status: charge.refunded ? "refunded" : "paid",
      amountMinor: charge.amount,
      currency,
      orderId,
      chargeId,
    },
  };
}
