import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { orders } from "@/lib/db/schema";
import { isOpen } from "./status";
import { transitionOrder } from "./transition";

/**
 * The payment node's time ran out: its order, if it was created and is still waiting, expires.
 * A payment that arrives afterwards is still taken (a late payment, see status.ts).
 */
export async function expireOrder(tx: Tx, orderKey: string): Promise<void> {
  const [order] = await tx
    .select({ id: orders.id, status: orders.status })
    .from(orders)
    .where(eq(orders.idempotencyKey, orderKey));
  if (!order || !isOpen(order.status)) return;
  await transitionOrder(tx, order.id, "expired", {
    actor: { type: "system" },
    reason: "payment_node.timeout",
  });
}
