import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { contacts, conversations, deliveries, orders } from "@/lib/db/schema";

/**
 * The subjects a webhook payload carries in `data`, as compact DTOs: what a shop's system needs
 * to act on the event, never a secret (no download tokens, checkout URLs or provider ids).
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function orderData(db: Executor, id: string) {
  const [o] = await db.select().from(orders).where(eq(orders.id, id));
  if (!o) return null;
  return {
    id: o.id,
    status: o.status,
    title: o.title,
    productId: o.productId,
    productKind: o.productKind,
    amountMinor: o.amountMinor,
    currency: o.currency,
    provider: o.provider,
    test: o.test,
    botId: o.botId,
    contactId: o.contactId,
    createdAt: o.createdAt.toISOString(),
    paidAt: iso(o.paidAt),
    refundedAt: iso(o.refundedAt),
  };
}

export async function deliveryData(db: Executor, id: string) {
  const [d] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  if (!d) return null;
  return {
    id: d.id,
    orderId: d.orderId,
    productId: d.productId,
    contactId: d.contactId,
    botId: d.botId,
    method: d.method,
    status: d.status,
    expiresAt: iso(d.expiresAt),
    createdAt: d.createdAt.toISOString(),
  };
}

export async function contactData(db: Executor, id: string) {
  const [c] = await db.select().from(contacts).where(eq(contacts.id, id));
  if (!c) return null;
  return {
    id: c.id,
    botId: c.botId,
    telegramUserId: c.channelUserId,
    firstName: c.firstName,
    lastName: c.lastName,
    username: c.username,
    languageCode: c.languageCode,
    phone: c.phone,
    externalId: c.externalId,
    tags: c.tags,
    test: c.test,
    createdAt: c.createdAt.toISOString(),
  };
}

export async function conversationData(db: Executor, id: string) {
  const [c] = await db.select().from(conversations).where(eq(conversations.id, id));
  if (!c) return null;
  return {
    id: c.id,
    botId: c.botId,
    contactId: c.contactId,
    status: c.status,
    handoffId: c.handoffId,
  };
}
