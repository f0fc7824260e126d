import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { orders, outbox } from "@/lib/db/schema";
import { isOpen } from "./status";
import { transitionOrder } from "./transition";

/**
 * The payment node's time ran out (or the buyer started over): its order, if it was created and
 * is still waiting, expires, and an external checkout is closed at the provider by a worker, so
 * it stops taking money. A payment that still arrives is taken (a late payment, see status.ts).
 */
export async function expireOrder(tx: Tx, orderKey: string): Promise<void> {
  const [order] = await tx
    .select({
      id: orders.id,
      workspaceId: orders.workspaceId,
      status: orders.status,
      provider: orders.provider,
      providerPaymentId: orders.providerPaymentId,
    })
    .from(orders)
    .where(eq(orders.idempotencyKey, orderKey));
  if (!order || !isOpen(order.status)) return;
  const { changed } = await transitionOrder(tx, order.id, "expired", {
    actor: { type: "system" },
    reason: "payment_node.timeout",
  });
  if (changed && order.providerPaymentId && order.provider === "stripe")
    await tx
      .insert(outbox)
      .values({
        workspaceId: order.workspaceId,
        kind: "checkout_close",
        idempotencyKey: `checkout-close:${order.id}`,
        payload: { orderId: order.id },
      })
      .onConflictDoNothing();
}
