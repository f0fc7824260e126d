import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, contacts, orders, paymentEvents } from "@/lib/db/schema";
import { notFound } from "@/lib/api/errors";
import { journalPage, type JournalRow } from "@/lib/journal/query";
import { orderColumns, type OrderListRow } from "./query";

export type TimelineEntry =
  | ({ source: "journal" } & Pick<
      JournalRow,
      "at" | "kind" | "actorType" | "actorId" | "actorName" | "data"
    > & { id: string })
  | {
      source: "payment_event";
      id: string;
      at: Date;
      provider: (typeof paymentEvents.$inferSelect)["provider"];
      eventId: string;
      type: string;
      data: Record<string, unknown>;
    };

/** More than any real order collects; a runaway loop of refusals stops here. */
const TIMELINE_LIMIT = 500;

/**
 * One order of the workspace with its whole story, oldest first: the journal entries about it
 * (created, each status change with its cause, delivery, refund, refused moves) merged with the
 * provider events recorded for it. Another workspace's order is a 404, like a missing one.
 */
export async function getOrderWithTimeline(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<OrderListRow & { timeline: TimelineEntry[] }> {
  const [row] = await db
    .select(orderColumns)
    .from(orders)
    .leftJoin(contacts, eq(contacts.id, orders.contactId))
    .leftJoin(bots, eq(bots.id, orders.botId))
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, id)));
  if (!row) throw notFound("Order");

  const [journalEntries, events] = await Promise.all([
    journalPage(db, workspaceId, { orderId: id }, { limit: TIMELINE_LIMIT }),
    db
      .select()
      .from(paymentEvents)
      .where(and(eq(paymentEvents.workspaceId, workspaceId), eq(paymentEvents.orderId, id)))
      .orderBy(asc(paymentEvents.receivedAt), asc(paymentEvents.id))
      .limit(TIMELINE_LIMIT),
  ]);

  const timeline: TimelineEntry[] = [
    ...journalEntries.entries.map((e) => ({
      source: "journal" as const,
      id: `journal:${e.id}`,
      at: e.at,
      kind: e.kind,
      actorType: e.actorType,
      actorId: e.actorId,
      actorName: e.actorName,
      data: e.data,
    })),
    ...events.map((e) => ({
      source: "payment_event" as const,
      id: `payment_event:${e.id}`,
      at: e.receivedAt,
      provider: e.provider,
      eventId: e.eventId,
      type: e.type,
      data: e.data,
    })),
  ];
  // A provider event is recorded in the same transaction as the move it causes, just before
  // it: on equal times the event goes first, so "payment.succeeded" reads above "Paid".
  const rank = (e: TimelineEntry) => (e.source === "payment_event" ? 0 : 1);
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b));
  return { ...row, timeline };
}
