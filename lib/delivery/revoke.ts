import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { deliveries } from "@/lib/db/schema";
import { recordJournal, type Actor } from "@/lib/journal/record";
import type { Order } from "@/lib/payments/orders/transition";
import { deliveryMethodHandlers } from "./methods";

/**
 * The order was refunded (or charged back): what it bought stops working, in the refund's
 * transaction. Links and access pages are refused from now on, a key is marked revoked (never
 * given to anyone else), and a channel grant is ended, which removes the member.
 */
export async function revokeDelivery(
  tx: Tx,
  order: Order,
  cause: { actor: Actor; reason: string },
): Promise<void> {
  const [delivery] = await tx
    .select()
    .from(deliveries)
    .where(eq(deliveries.orderId, order.id))
    .for("update");
  // Nothing was issued (or it was taken back already): nothing to revoke.
  if (!delivery || delivery.status === "revoked" || delivery.status === "failed") return;
  await tx
    .update(deliveries)
    .set({ status: "revoked", revokedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(deliveries.id, delivery.id));
  await deliveryMethodHandlers[delivery.method]?.revoke?.({ tx, delivery, order });
  await recordJournal(tx, {
    workspaceId: order.workspaceId,
    actor: cause.actor,
    kind: "delivery.revoked",
    botId: order.botId,
    contactId: order.contactId,
    orderId: order.id,
    subjectId: delivery.id,
    data: { method: delivery.method, reason: cause.reason },
  });
}
