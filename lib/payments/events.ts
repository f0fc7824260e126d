import "server-only";
import { and, eq, or } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { orders, paymentEvents } from "@/lib/db/schema";
import { recordJournal } from "@/lib/journal/record";
import type { OrderStatus } from "./orders/status";
import { settleOrder } from "./settle";
import type { ProviderEvent, ProviderPaymentStatus } from "./types";
import { isUuid } from "@/lib/api/caller";
import { endAccessAtPeriodEnd, extendAccess } from "@/lib/delivery/access";

/** What a provider's status means for our order; null: nothing to move. */
const targetOf: Record<ProviderPaymentStatus, OrderStatus | null> = {
  pending: null,
  paid: "paid",
  failed: "failed",
  canceled: "canceled",
  expired: "expired",
  refunded: "refunded",
};

export interface AppliedEvent {
  /** The event was new (not a redelivery). */
  fresh: boolean;
  orderId: string | null;
  changed: boolean;
  /** Outbox rows the resumed flow queued: wake the sender when > 0. */
  queued: number;
}

/**
 * One verified event from Stripe or YooKassa (already authenticated, and for YooKassa already
 * confirmed by reading the payment back), applied in the caller's transaction: recorded once in
 * payment_event (a redelivery stops there), matched to the workspace's order, and moved through
 * the state machine, which resumes the flow waiting on it. Reconciliation uses the same path.
 */
export async function applyProviderEvent(
  tx: Tx,
  input: {
    workspaceId: string;
    provider: "stripe" | "yookassa";
    event: ProviderEvent & { billingReason?: string; refundedMinor?: number; periodEnd?: number };
    /** "webhook" or "reconciliation": kept in the journal as the cause. */
    via: string;
  },
): Promise<AppliedEvent> {
  const { workspaceId, provider, event, via } = input;
  const payment = event.payment;
  const order = await findOrder(tx, workspaceId, provider, event);
  const fresh = await tx
    .insert(paymentEvents)
    .values({
      workspaceId,
      orderId: order?.id ?? null,
      provider,
      eventId: event.eventId,
      type: event.type,
      data: {
        via,
        ...payment,
        ...(event.billingReason ? { billingReason: event.billingReason } : {}),
      },
    })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!fresh.length) return { fresh: false, orderId: order?.id ?? null, changed: false, queued: 0 };
  if (!order) return { fresh: true, orderId: null, changed: false, queued: 0 };

  const journal = (kind: string, data: Record<string, unknown>) =>
    recordJournal(tx, {
      workspaceId,
      actor: { type: "system" },
      kind,
      botId: order.botId,
      contactId: order.contactId,
      orderId: order.id,
      data: { provider, eventId: event.eventId, type: event.type, ...data },
    });

  if (event.type === "customer.subscription.deleted") {
    // The order was paid; what ends is the access it bought, at the end of the paid period.
    await journal("subscription.ended", { reason: payment.reason });
    const queued = await endAccessAtPeriodEnd(tx, order.id);
    return { fresh: true, orderId: order.id, changed: false, queued };
  }
  if (event.type === "invoice.paid" && event.billingReason === "subscription_cycle") {
    await journal("subscription.renewed", { amountMinor: payment.amountMinor });
    await extendAccess(tx, order.id, event.periodEnd ? new Date(event.periodEnd * 1000) : null);
    return { fresh: true, orderId: order.id, changed: false, queued: 0 };
  }
  if (event.type === "charge.refunded" && payment.status !== "refunded") {
    await journal("order.partially_refunded", { refundedMinor: event.refundedMinor });
    return { fresh: true, orderId: order.id, changed: false, queued: 0 };
  }

  const to = targetOf[payment.status];
  if (!to) return { fresh: true, orderId: order.id, changed: false, queued: 0 };
  const mismatch =
    to === "paid" &&
    (payment.amountMinor !== order.amountMinor || payment.currency !== order.currency);
  if (mismatch)
    await journal("payment.amount_mismatch", {
      charged: { amount: payment.amountMinor, currency: payment.currency },
      ordered: { amount: order.amountMinor, currency: order.currency },
    });
  const result = await settleOrder(tx, order.id, to, {
    actor: { type: "system" },
    reason: `${provider}:${event.type}`,
    eventId: event.eventId,
    refs: {
      ...(payment.chargeId ? { chargeId: payment.chargeId } : {}),
      ...(payment.subscriptionId ? { subscriptionId: payment.subscriptionId } : {}),
    },
    data: {
      via,
      ...(payment.reason ? { providerReason: payment.reason } : {}),
      // The provider took what it took; a difference from the order is for staff to see.
      ...(mismatch ? { charged: { amount: payment.amountMinor, currency: payment.currency } } : {}),
    },
  });
  return { fresh: true, orderId: order.id, changed: result.changed, queued: result.queued };
}

/**
 * The order an event is about, only within this workspace and provider: by the order id the
 * provider echoes from our metadata, else by the ids we stored (checkout, charge, subscription).
 */
async function findOrder(
  tx: Tx,
  workspaceId: string,
  provider: "stripe" | "yookassa",
  event: ProviderEvent,
) {
  const p = event.payment;
  const byRef = [
    p.orderId && isUuid(p.orderId) ? eq(orders.id, p.orderId) : undefined,
    eq(orders.providerPaymentId, p.providerPaymentId),
    p.chargeId ? eq(orders.chargeId, p.chargeId) : undefined,
    p.subscriptionId ? eq(orders.subscriptionId, p.subscriptionId) : undefined,
  ].filter((c) => c !== undefined);
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.provider, provider), or(...byRef)))
    .limit(1);
  return order;
}
