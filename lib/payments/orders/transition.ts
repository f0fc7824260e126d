import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { orders } from "@/lib/db/schema";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { canTransition, type OrderStatus } from "./status";

export type Order = typeof orders.$inferSelect;

/** Why the status changes; journaled with the transition. */
export interface TransitionCause {
  actor: Actor;
  /** "stripe:checkout.session.completed", "reconciliation", "refund.requested", … */
  reason: string;
  /** The provider event that caused it, when there is one. */
  eventId?: string;
  /** Provider references learned with this event (charge ids, subscription id). */
  refs?: Partial<Pick<Order, "chargeId" | "providerChargeId" | "subscriptionId">>;
  data?: Record<string, unknown>;
}

export type TransitionResult =
  | { changed: true; order: Order; from: OrderStatus }
  | { changed: false; order: Order; refused?: string };

/**
 * The only writer of order.status. Locks the order row, checks the move against the lifecycle
 * (lib/payments/orders/status.ts), writes it and journals `order.<status>` with its cause, all
 * in the caller's transaction. Moving to the status the order already has is a no-op, so five
 * deliveries of one webhook make one transition; a move the lifecycle forbids changes nothing
 * and is journaled as refused (a refund webhook for an order we never saw paid is worth a look).
 */
export async function transitionOrder(
  tx: Tx,
  orderId: string,
  to: OrderStatus,
  cause: TransitionCause,
): Promise<TransitionResult> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order) throw new Error(`Order ${orderId} does not exist`);
  const from = order.status;
  if (from === to) {
    // A second event about the same state may carry a reference the first lacked (a
    // subscription's payment intent): keep it, never overwrite one already known.
    const refs = cause.refs ?? {};
    const missing: NonNullable<TransitionCause["refs"]> = {};
    if (refs.chargeId && order.chargeId === null) missing.chargeId = refs.chargeId;
    if (refs.providerChargeId && order.providerChargeId === null)
      missing.providerChargeId = refs.providerChargeId;
    if (refs.subscriptionId && order.subscriptionId === null)
      missing.subscriptionId = refs.subscriptionId;
    if (!Object.keys(missing).length) return { changed: false, order };
    const [filled] = await tx.update(orders).set(missing).where(eq(orders.id, orderId)).returning();
    return { changed: false, order: filled ?? order };
  }
  if (!canTransition(from, to)) {
    const refused = `An order that is ${from} cannot become ${to}`;
    await recordJournal(tx, {
      workspaceId: order.workspaceId,
      actor: cause.actor,
      kind: "order.transition_refused",
      botId: order.botId,
      contactId: order.contactId,
      orderId,
      data: { from, to, reason: cause.reason, eventId: cause.eventId, ...cause.data },
    });
    return { changed: false, order, refused };
  }

  const late = to === "paid" && (from === "failed" || from === "canceled" || from === "expired");
  const [updated] = await tx
    .update(orders)
    .set({
      status: to,
      ...cause.refs,
      ...(to === "paid" ? { paidAt: sql`now()` } : {}),
      ...(to === "refunded" ? { refundedAt: sql`now()` } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(orders.id, orderId))
    .returning();
  await recordJournal(tx, {
    workspaceId: order.workspaceId,
    actor: cause.actor,
    kind: `order.${to}`,
    botId: order.botId,
    contactId: order.contactId,
    orderId,
    data: {
      from,
      reason: cause.reason,
      ...(cause.eventId ? { eventId: cause.eventId } : {}),
      ...(late ? { late: true } : {}),
      ...cause.data,
    },
  });
  return { changed: true, order: updated!, from };
}
