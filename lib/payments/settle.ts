import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { orders, products, sessions } from "@/lib/db/schema";
import { revokeDelivery } from "@/lib/delivery/revoke";
import { recordJournal } from "@/lib/journal/record";
import { isCurrencyCode, minorToDecimal } from "@/lib/money/currency";
import { resumeContact } from "@/lib/runtime/engine";
import type { OrderView } from "@/lib/runtime/types";
import type { OrderStatus } from "./orders/status";
import { transitionOrder, type Order, type TransitionCause } from "./orders/transition";

/** Outcomes a payment node follows; the others (expired, refunded, fulfilled) it does not wait for. */
function isNodeOutcome(status: OrderStatus): status is "paid" | "failed" | "canceled" {
  return status === "paid" || status === "failed" || status === "canceled";
}

/**
 * A verified change of an order's payment: moves the order (transitionOrder journals it) and,
 * when it actually changed, tells the flow that waits on it, in the same transaction. So five
 * deliveries of one webhook make one transition and resume the flow once.
 * Returns how many outbox rows the flow queued (wake the sender when > 0).
 */
export async function settleOrder(
  tx: Tx,
  orderId: string,
  to: OrderStatus,
  cause: TransitionCause,
): Promise<{ changed: boolean; order: Order; queued: number }> {
  // Locks in the interpreter's order, session before order (engine.ts takes the session and
  // then may expire the order), so a payment and the node's timeout cannot deadlock. One
  // statement finds the order's buyer and locks their session (none: nothing to lock).
  await tx
    .select({ contactId: sessions.contactId })
    .from(sessions)
    .where(
      eq(
        sessions.contactId,
        tx.select({ contactId: orders.contactId }).from(orders).where(eq(orders.id, orderId)),
      ),
    )
    .for("update");
  const result = await transitionOrder(tx, orderId, to, cause);
  if (!result.changed) return { changed: false, order: result.order, queued: 0 };
  const order = result.order;
  if (to === "paid" && order.productId) {
    // Stock counts what is left to sell; a paid order takes one whatever happens next. A key
    // product's stock is its pool, counted when a key is given (lib/delivery/methods/basic.ts).
    await tx
      .update(products)
      .set({ stock: sql`greatest(${products.stock} - 1, 0)`, updatedAt: sql`now()` })
      .where(
        sql`${products.id} = ${order.productId} and ${products.stock} is not null
            and ${products.kind} <> 'license_key'`,
      );
  }
  if (to === "refunded") await revokeDelivery(tx, order, cause);
  if (!isNodeOutcome(to)) return { changed: true, order, queued: 0 };
  if (
    to === "paid" &&
    (result.from === "failed" || result.from === "canceled" || result.from === "expired")
  )
    // The buyer paid after the flow gave up on the payment (it took its timeout or failure
    // path, or the buyer started over): no flow continues for this order, so a person must
    // deliver it or refund it.
    await recordJournal(tx, {
      workspaceId: order.workspaceId,
      actor: { type: "system" },
      kind: "payment.late",
      botId: order.botId,
      contactId: order.contactId,
      orderId: order.id,
      data: { from: result.from, provider: order.provider },
    });
  if (!order.contactId || !order.botId || !order.nodeId || order.sessionStep === null)
    return { changed: true, order, queued: 0 };
  const queued = await resumePaymentNode(
    tx,
    {
      botId: order.botId,
      contactId: order.contactId,
      nodeId: order.nodeId,
      since: order.sessionStep,
    },
    { outcome: to, order, reason: cause.reason },
  );
  return { changed: true, order, queued };
}

/** The wait of the payment node that offered an order. */
export interface PaymentWait {
  botId: string;
  contactId: string;
  nodeId: string;
  since: number;
}

/**
 * Feeds an outcome to the payment node's wait. The interpreter ignores it when the session has
 * moved on (the node timed out, or the buyer started over): the order still changed.
 */
export async function resumePaymentNode(
  tx: Tx,
  wait: PaymentWait,
  result: { outcome: "paid" | "failed" | "canceled"; order: Order | null; reason?: string },
): Promise<number> {
  const { outcome, order, reason } = result;
  return resumeContact(
    tx,
    wait,
    {
      kind: "payment",
      nodeId: wait.nodeId,
      since: wait.since,
      outcome,
      order: order && orderView(order),
      reason,
    },
    `payment:${wait.contactId}:${wait.nodeId}:${wait.since}:${outcome}`,
  );
}

export function orderView(order: Order): OrderView {
  return {
    id: order.id,
    amount: isCurrencyCode(order.currency)
      ? minorToDecimal(order.amountMinor, order.currency)
      : String(order.amountMinor),
    currency: order.currency,
    product_title: order.title,
    status: order.status,
    payment_url: order.checkoutUrl ?? "",
  };
}
