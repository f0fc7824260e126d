import "server-only";
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, contacts, orders } from "@/lib/db/schema";
import { isUuid } from "@/lib/api/caller";
import { segmentWhere, type SegmentFilter } from "./segments";
import { decodeCursor, encodeCursor } from "./cursor";

export const contactSorts = ["activity", "created", "name"] as const;
export type ContactSort = (typeof contactSorts)[number];

export type ContactRow = typeof contacts.$inferSelect;
export interface ContactListRow {
  contact: ContactRow;
  bot: { id: string; name: string; username: string | null };
  ordersCount: number;
}

/** Postgres keeps microseconds, a JS Date milliseconds: page on what the cursor can carry. */
const ms = (column: typeof contacts.updatedAt | typeof contacts.createdAt) =>
  sql<Date>`date_trunc('milliseconds', ${column})`;
const nameKey = sql<string>`lower(${contacts.firstName} || ' ' || coalesce(${contacts.lastName}, ''))`;

const ordersCount = sql<number>`(select count(*)::int from ${orders} where ${orders.contactId} = ${contacts.id})`;

export const contactListColumns = {
  contact: contacts,
  bot: {
    id: bots.id,
    name: bots.name,
    username: sql<string | null>`${bots.telegramMe}->>'username'`,
  },
  ordersCount,
};

function sortKey(sort: ContactSort): SQL {
  return sort === "name"
    ? nameKey
    : ms(sort === "created" ? contacts.createdAt : contacts.updatedAt);
}

/**
 * One page of the workspace's contacts in a filter (the same one saved segments and broadcasts
 * use), most recently active first by default. Keyset pagination on (sort key, id), so a page
 * never repeats or skips a contact while others write to the bot.
 */
export async function listContacts(
  db: Executor,
  workspaceId: string,
  opts: { filter: SegmentFilter; sort?: ContactSort; cursor?: string; limit: number },
): Promise<{ rows: ContactListRow[]; nextCursor: string | null }> {
  const sort = opts.sort ?? "activity";
  const where: SQL[] = [segmentWhere(workspaceId, opts.filter)];
  const key = sortKey(sort);
  if (opts.cursor) {
    const after = decodeCursor(opts.cursor);
    const [value, id] = after ?? [];
    if (typeof value !== "string" || typeof id !== "string" || !isUuid(id))
      return { rows: [], nextCursor: null };
    where.push(
      sort === "name"
        ? sql`(${key}, ${contacts.id}) > (${value}, ${id}::uuid)`
        : sql`(${key}, ${contacts.id}) < (${value}::timestamptz, ${id}::uuid)`,
    );
  }
  const rows = await db
    // The key as the database computed it: the cursor compares in the database's own collation.
    .select({ ...contactListColumns, key: sql<string>`${key}::text` })
    .from(contacts)
    .innerJoin(bots, eq(bots.id, contacts.botId))
    .where(and(...where))
    .orderBy(...(sort === "name" ? [asc(key), asc(contacts.id)] : [desc(key), desc(contacts.id)]))
    .limit(opts.limit + 1);
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  const last = page.at(-1);
  return {
    rows: page.map(({ key: _, ...row }) => row),
    nextCursor: more && last ? encodeCursor([last.key, last.contact.id]) : null,
  };
}

/** How many contacts the filter selects (a saved segment's live count). */
export async function countContacts(
  db: Executor,
  workspaceId: string,
  filter: SegmentFilter,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(contacts)
    .where(segmentWhere(workspaceId, filter));
  return row?.n ?? 0;
}
