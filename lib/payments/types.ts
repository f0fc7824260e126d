import type { CurrencyCode } from "@/lib/money/currency";

/**
 * The contract every external payment provider implements (DESIGN.md, Payments). Adapters take
 * plain values, not database rows: they talk to the provider and nothing else, so the order
 * state machine (lib/payments/orders) stays the only writer of order.status.
 */
export type ExternalProviderKind = "stripe" | "yookassa";

export interface CheckoutRequest {
  /** Our order id; sent to the provider as metadata so its events lead back to the order. */
  orderId: string;
  title: string;
  description?: string;
  amountMinor: number;
  currency: CurrencyCode;
  /** Where the buyer lands after paying or giving up (our page that sends them back to the chat). */
  successUrl: string;
  cancelUrl: string;
  /** The checkout stops accepting payment after this moment (the payment node's timeout). */
  expiresAt: Date;
  /** Present for a recurring product: bill every `intervalDays`. */
  subscription?: { intervalDays: number };
  /** 54-FZ receipt (YooKassa), when the product asks for one. */
  receipt?: { email?: string; phone?: string; vatCode: number };
}

export interface CheckoutResult {
  /** Stripe: the Checkout Session id; YooKassa: the payment id. */
  providerPaymentId: string;
  url: string;
}

/** What the provider says about a payment when asked (verification and reconciliation). */
export type ProviderPaymentStatus =
  "pending" | "paid" | "failed" | "canceled" | "expired" | "refunded";

export interface ProviderPayment {
  providerPaymentId: string;
  status: ProviderPaymentStatus;
  amountMinor: number;
  currency: CurrencyCode;
  /** Our order id as the provider echoes it back from metadata. */
  orderId: string | null;
  /** The id a refund needs (Stripe payment intent, YooKassa payment id). */
  chargeId?: string;
  subscriptionId?: string;
  /** A short reason for failed/canceled, in the provider's words. */
  reason?: string;
}

/** A verified event from a provider webhook, already confirmed against the provider. */
export interface ProviderEvent {
  /** The provider's event id, the dedupe key (payment_event). */
  eventId: string;
  /** The provider's own name for it: "checkout.session.completed", "payment.succeeded". */
  type: string;
  payment: ProviderPayment;
}

export interface RefundResult {
  providerRefundId: string;
  amountMinor: number;
  status: "succeeded" | "pending" | "failed";
}

export interface PaymentAdapter {
  readonly kind: ExternalProviderKind;
  createCheckout(request: CheckoutRequest, idempotencyKey: string): Promise<CheckoutResult>;
  getPayment(providerPaymentId: string): Promise<ProviderPayment>;
  refund(
    payment: {
      providerPaymentId: string;
      chargeId?: string;
      amountMinor: number;
      currency: CurrencyCode;
    },
    idempotencyKey: string,
  ): Promise<RefundResult>;
  /**
   * Makes a checkout stop accepting payment (the payment node timed out). A checkout that was
   * paid meanwhile stays paid: its webhook or reconciliation reports it. Absent where the
   * provider has no such call (YooKassa cancels unpaid redirect payments by itself).
   */
  closeCheckout?(providerPaymentId: string): Promise<void>;
  /**
   * Stops a subscription from charging again (a refunded subscription order). Absent for
   * providers without subscriptions.
   */
  cancelSubscription?(subscriptionId: string): Promise<void>;
  /** A cheap authenticated call that proves the credentials work ("Test connection"). */
  testConnection(): Promise<{ ok: true; account: string } | { ok: false; message: string }>;
}
