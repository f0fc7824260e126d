import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Executor, Tx } from "@/lib/db";
import { accessGrants, contacts, orders, outbox, products } from "@/lib/db/schema";
import { recordJournal } from "@/lib/journal/record";
import { buyerLocale, buyerTexts, escapeHtml, formatUntil, htmlMessage } from "./messages";
import { subscriptionGraceMs } from "./methods/channel";

/**
 * A channel grant's life after it was issued: renewals extend it, a cancelled subscription lets
 * it run out, and the buyer is told. Each function runs in the caller's transaction (the
 * payment event's), so the grant, the journal and the message commit with the event.
 */

export type Grant = typeof accessGrants.$inferSelect;

const day = 86_400_000;

/** The grant's buyer, their language and the order's title, for a message to the buyer. */
async function buyerOf(tx: Executor, grant: Grant) {
  if (!grant.contactId || !grant.botId) return undefined;
  const [row] = await tx
    .select({
      chatId: contacts.channelUserId,
      languageCode: contacts.languageCode,
      title: orders.title,
    })
    .from(contacts)
    .innerJoin(orders, eq(orders.id, grant.orderId))
    .where(eq(contacts.id, grant.contactId));
  return row && { ...row, locale: buyerLocale(row.languageCode) };
}

export type BuyerMessage = (
  t: (typeof buyerTexts)["en"],
  buyer: { title: string; locale: "en" | "ru" },
) => string[];

/**
 * Queues one HTML message to the grant's buyer; `key` makes it once per event (a redelivered
 * update or a second sweep queues nothing new). Returns the rows queued.
 */
export async function messageBuyer(
  tx: Executor,
  grant: Grant,
  key: string,
  lines: BuyerMessage,
): Promise<number> {
  const buyer = await buyerOf(tx, grant);
  if (!buyer) return 0;
  const rows = await tx
    .insert(outbox)
    .values({
      workspaceId: grant.workspaceId,
      botId: grant.botId,
      contactId: grant.contactId,
      kind: "telegram",
      payload: htmlMessage(buyer.chatId, lines(buyerTexts[buyer.locale], buyer)),
      idempotencyKey: `access:${grant.id}:${key}`,
      priority: 0,
      chatId: buyer.chatId,
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows.length;
}

export function journalGrant(
  tx: Executor,
  grant: Grant,
  kind: string,
  data: Record<string, unknown> = {},
) {
  return recordJournal(tx, {
    workspaceId: grant.workspaceId,
    actor: { type: "system" },
    kind,
    botId: grant.botId,
    contactId: grant.contactId,
    orderId: grant.orderId,
    subjectId: grant.id,
    data: { chatId: grant.chatId, ...data },
  });
}

async function lockGrant(tx: Tx, orderId: string): Promise<Grant | undefined> {
  const [grant] = await tx
    .select()
    .from(accessGrants)
    .where(eq(accessGrants.orderId, orderId))
    .for("update");
  return grant;
}

/**
 * A subscription was renewed: its grant runs to the new period's end plus the grace day
 * (never shorter than it already was), and may be reminded again. `until` is the period end the
 * provider reported; without one the product's period is added to the current end.
 *
 * A renewal that comes after the member was removed (a payment retried days later) reopens the
 * grant without its link: the sweep sends the buyer a new one.
 */
export async function extendAccess(
  tx: Tx,
  orderId: string,
  until: Date | null,
  now = new Date(),
): Promise<void> {
  const grant = await lockGrant(tx, orderId);
  // No grant (another method), revoked (refunded), or for good: nothing to extend.
  if (!grant || grant.revokedAt || !grant.endsAt) return;
  let target: number;
  if (until) target = until.getTime() + subscriptionGraceMs;
  else {
    const [product] = grant.productId
      ? await tx
          .select({ periodDays: products.periodDays })
          .from(products)
          .where(eq(products.id, grant.productId))
      : [];
    if (!product?.periodDays) return;
    const paidUntil = Math.max(now.getTime(), grant.endsAt.getTime() - subscriptionGraceMs);
    target = paidUntil + product.periodDays * day + subscriptionGraceMs;
  }
  const endsAt = new Date(Math.max(grant.endsAt.getTime(), target));
  const reopened = grant.removedAt !== null;
  await tx
    .update(accessGrants)
    .set({
      endsAt,
      remindedAt: null,
      updatedAt: sql`now()`,
      ...(reopened
        ? { removedAt: null, memberUserId: null, joinedAt: null, inviteLink: null }
        : {}),
    })
    .where(eq(accessGrants.id, grant.id));
  await journalGrant(tx, grant, "access.extended", {
    from: grant.endsAt.toISOString(),
    to: endsAt.toISOString(),
    ...(reopened ? { reopened: true } : {}),
  });
}

/**
 * The subscription ended (cancelled, or its payments gave up): no renewal will come, so the
 * grant runs to its current end and the sweep removes the member then. The buyer is told now,
 * once, when access ends and how to subscribe again; that is their reminder (remindedAt).
 */
export async function endAccessAtPeriodEnd(tx: Tx, orderId: string): Promise<number> {
  const grant = await lockGrant(tx, orderId);
  if (!grant || grant.revokedAt || grant.removedAt || !grant.endsAt) return 0;
  const endsAt = grant.endsAt;
  await tx
    .update(accessGrants)
    .set({ remindedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(accessGrants.id, grant.id));
  await journalGrant(tx, grant, "access.renewal_stopped", { endsAt: endsAt.toISOString() });
  return messageBuyer(tx, grant, `ended:${endsAt.getTime()}`, (t, b) => [
    escapeHtml(t.subscriptionEnded(b.title, formatUntil(endsAt, b.locale))),
  ]);
}
