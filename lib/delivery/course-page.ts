import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { deliveries, orders, products } from "@/lib/db/schema";
import { hashToken } from "@/lib/crypto/secrets";
import { recordJournal } from "@/lib/journal/record";
import { resolveDelivery } from "./settings";

/**
 * The built-in course page (/c/{token}): the product's page content for the holder of a course
 * delivery's token, looked up by its hash like a download link. Opening it uses nothing up
 * (there is nothing to count), but the first open is journaled as `delivery.opened`: staff can
 * tell "never opened" from "opened" when a buyer says the link does not work.
 */

export type CoursePage =
  | { ok: true; title: string; content: string }
  | { ok: false; why: "unknown" | "revoked" | "expired"; title?: string };

export async function openCoursePage(
  db: Db,
  token: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<CoursePage> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, why: "unknown" };
  const [row] = await db
    .select({ delivery: deliveries, orderTitle: orders.title, product: products })
    .from(deliveries)
    .innerJoin(orders, eq(orders.id, deliveries.orderId))
    .leftJoin(products, eq(products.id, deliveries.productId))
    .where(and(eq(deliveries.tokenHash, hashToken(token)), eq(deliveries.method, "course")));
  if (!row) return { ok: false, why: "unknown" };
  const { delivery, product } = row;
  const title = product?.title ?? row.orderTitle;
  if (delivery.status === "revoked" || delivery.revokedAt)
    return { ok: false, why: "revoked", title };
  if (delivery.status === "expired" || (delivery.expiresAt && delivery.expiresAt <= new Date()))
    return { ok: false, why: "expired", title };
  if (delivery.status !== "issued" || !product) return { ok: false, why: "unknown" };

  // The first open only: the conditional UPDATE hands it to one request of any number at once.
  await db.transaction(async (tx) => {
    const [first] = await tx
      .update(deliveries)
      .set({ usedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(deliveries.id, delivery.id), isNull(deliveries.usedAt)))
      .returning({ id: deliveries.id });
    if (first)
      await recordJournal(tx, {
        workspaceId: delivery.workspaceId,
        actor: delivery.contactId
          ? { type: "contact", id: delivery.contactId }
          : { type: "system" },
        kind: "delivery.opened",
        botId: delivery.botId,
        contactId: delivery.contactId,
        orderId: delivery.orderId,
        subjectId: delivery.id,
        data: { method: delivery.method, ip: client.ip, userAgent: client.userAgent },
      });
  });
  return { ok: true, title, content: resolveDelivery(product.kind, product.delivery).pageContent };
}
