import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "@/lib/db";
import { contacts, deliveries, externalEvents, journal, messages, orders } from "@/lib/db/schema";
import type { MessageContent } from "@/lib/db/schema/inbox";
import { notFound } from "@/lib/api/errors";
import { decodeCursor, encodeCursor } from "./cursor";

/** What happened with a contact, one kind per source table. */
export type ContactTimelineItem =
  | {
      source: "message";
      id: string;
      at: Date;
      direction: "in" | "out";
      author: "contact" | "bot" | "agent";
      text: string;
      content: MessageContent;
    }
  | {
      source: "order";
      id: string;
      at: Date;
      orderId: string;
      title: string;
      status: string;
      amountMinor: number;
      currency: string;
      test: boolean;
    }
  | {
      source: "delivery";
      id: string;
      at: Date;
      orderId: string;
      method: string;
      status: string;
    }
  | { source: "event"; id: string; at: Date; type: string; status: string; test: boolean }
  | {
      source: "journal";
      id: string;
      at: Date;
      kind: string;
      actorType: string;
      actorId: string | null;
      data: Record<string, unknown>;
    };

type Source = ContactTimelineItem["source"];

/**
 * Ties at the same millisecond are ordered by source, then by id, both descending: the cursor
 * is (at, source rank, id), so a page neither repeats nor skips an item.
 */
const rank: Record<Source, number> = { journal: 5, event: 4, delivery: 3, order: 2, message: 1 };

interface Cursor {
  at: Date;
  rank: number;
  id: string;
}

function parseCursor(raw: string): Cursor | null {
  const [at, r, id] = decodeCursor(raw) ?? [];
  if (typeof at !== "string" || typeof r !== "number" || typeof id !== "string") return null;
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{1,40}$/i.test(id)) return null;
  return { at: date, rank: r, id };
}

const msOf = (at: AnyPgColumn) => sql`date_trunc('milliseconds', ${at})`;

/** The condition "before the cursor" for one source whose rows sort by (at, id). */
function before(
  cursor: Cursor | null,
  source: Source,
  at: AnyPgColumn,
  id: AnyPgColumn,
  idType: "uuid" | "bigint",
): SQL | undefined {
  if (!cursor) return undefined;
  const ms = msOf(at);
  const c = sql`${cursor.at.toISOString()}::timestamptz`;
  if (rank[source] < cursor.rank) return sql`${ms} <= ${c}`;
  if (rank[source] > cursor.rank) return sql`${ms} < ${c}`;
  const cid = idType === "uuid" ? sql`${cursor.id}::uuid` : sql`${cursor.id}::bigint`;
  return sql`(${ms}, ${id}) < (${c}, ${cid})`;
}

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function newestFirst(a: ContactTimelineItem, b: ContactTimelineItem): number {
  const t = b.at.getTime() - a.at.getTime();
  if (t !== 0) return t;
  const r = rank[b.source] - rank[a.source];
  if (r !== 0) return r;
  return compareIds(b.id, a.id);
}

/**
 * Journal kinds the timeline leaves out: order and delivery entries are shown as the orders
 * and deliveries themselves, and messages as messages.
 */
const hiddenJournal = sql`${journal.orderId} is null and ${journal.kind} not like 'message.%'`;

/**
 * The contact's story, newest first, one page at a time: messages both ways, orders,
 * deliveries, external events and journal entries about them (tag and field changes, blocks,
 * links). Each source is read in its own index order up to the page size, then merged.
 */
export async function contactTimeline(
  db: Executor,
  workspaceId: string,
  contactId: string,
  page: { cursor?: string; limit: number },
): Promise<{ items: ContactTimelineItem[]; nextCursor: string | null }> {
  const [contact] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  if (!contact) throw notFound("Contact");
  const cursor = page.cursor ? parseCursor(page.cursor) : null;
  if (page.cursor && !cursor) return { items: [], nextCursor: null };
  const n = page.limit + 1;

  const [msgs, ords, dels, evts, entries] = await Promise.all([
    db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.workspaceId, workspaceId),
          eq(messages.contactId, contactId),
          before(cursor, "message", messages.createdAt, messages.id, "bigint"),
        ),
      )
      .orderBy(desc(msOf(messages.createdAt)), desc(messages.id))
      .limit(n),
    db
      .select()
      .from(orders)
      .where(
        and(
          eq(orders.workspaceId, workspaceId),
          eq(orders.contactId, contactId),
          before(cursor, "order", orders.createdAt, orders.id, "uuid"),
        ),
      )
      .orderBy(desc(msOf(orders.createdAt)), desc(orders.id))
      .limit(n),
    db
      .select()
      .from(deliveries)
      .where(
        and(
          eq(deliveries.workspaceId, workspaceId),
          eq(deliveries.contactId, contactId),
          before(cursor, "delivery", deliveries.createdAt, deliveries.id, "uuid"),
        ),
      )
      .orderBy(desc(msOf(deliveries.createdAt)), desc(deliveries.id))
      .limit(n),
    db
      .select()
      .from(externalEvents)
      .where(
        and(
          eq(externalEvents.workspaceId, workspaceId),
          eq(externalEvents.contactId, contactId),
          before(cursor, "event", externalEvents.receivedAt, externalEvents.id, "uuid"),
        ),
      )
      .orderBy(desc(msOf(externalEvents.receivedAt)), desc(externalEvents.id))
      .limit(n),
    db
      .select()
      .from(journal)
      .where(
        and(
          eq(journal.workspaceId, workspaceId),
          eq(journal.contactId, contactId),
          hiddenJournal,
          before(cursor, "journal", journal.at, journal.id, "bigint"),
        ),
      )
      .orderBy(desc(msOf(journal.at)), desc(journal.id))
      .limit(n),
  ]);

  const all: ContactTimelineItem[] = [
    ...msgs.map((m) => ({
      source: "message" as const,
      id: String(m.id),
      at: m.createdAt,
      direction: m.direction,
      author: m.author,
      text: m.text,
      content: m.content,
    })),
    ...ords.map((o) => ({
      source: "order" as const,
      id: o.id,
      at: o.createdAt,
      orderId: o.id,
      title: o.title,
      status: o.status,
      amountMinor: o.amountMinor,
      currency: o.currency,
      test: o.test,
    })),
    ...dels.map((d) => ({
      source: "delivery" as const,
      id: d.id,
      at: d.createdAt,
      orderId: d.orderId,
      method: d.method,
      status: d.status,
    })),
    ...evts.map((e) => ({
      source: "event" as const,
      id: e.id,
      at: e.receivedAt,
      type: e.type,
      status: e.status,
      test: e.test,
    })),
    ...entries.map((j) => ({
      source: "journal" as const,
      id: String(j.id),
      at: j.at,
      kind: j.kind,
      actorType: j.actorType,
      actorId: j.actorId,
      data: j.data,
    })),
  ]
    // Timestamps to the millisecond, as the cursor carries them.
    .map((item) => ({ ...item, at: new Date(item.at.getTime()) }))
    .sort(newestFirst);
  const items = all.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      all.length > page.limit && last
        ? encodeCursor([last.at.toISOString(), rank[last.source], last.id])
        : null,
  };
}
