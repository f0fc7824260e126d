import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { orders } from "@/lib/db/schema";
import { recordJournal, type Actor } from "@/lib/journal/record";
import type { Order } from "./transition";

export type NewOrder = Omit<
  typeof orders.$inferInsert,
  "id" | "status" | "createdAt" | "updatedAt" | "paidAt" | "refundedAt"
>;

/**
 * Creates an order in status `created`, or returns the one already created under the same
 * idempotency key (the payment node's event processed twice, or two racing requests): one
 * purchase intent is one order. Journals `order.created` only for the new one.
 */
export async function createOrder(
  tx: Tx,
  values: NewOrder,
  actor: Actor,
): Promise<{ order: Order; created: boolean }> {
  const [inserted] = await tx
    .insert(orders)
    .values(values)
    .onConflictDoNothing({ target: orders.idempotencyKey })
    .returning();
  if (!inserted) {
    const [existing] = await tx
      .select()
      .from(orders)
      .where(eq(orders.idempotencyKey, values.idempotencyKey));
    if (!existing) throw new Error(`Order ${values.idempotencyKey} vanished during creation`);
    return { order: existing, created: false };
  }
  await recordJournal(tx, {
    workspaceId: inserted.workspaceId,
    actor,
    kind: "order.created",
    botId: inserted.botId,
    contactId: inserted.contactId,
    orderId: inserted.id,
    data: {
      title: inserted.title,
      amountMinor: inserted.amountMinor,
      currency: inserted.currency,
      provider: inserted.provider,
      nodeId: inserted.nodeId,
    },
  });
  return { order: inserted, created: true };
}
