import "server-only";
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, contacts, orders } from "@/lib/db/schema";
import { isUuid } from "@/lib/api/caller";
import type { OrderStatus } from "./status";
import { escapeLike } from "@/lib/db/like";

export interface OrderFilter {
  status?: OrderStatus;
  provider?: (typeof orders.$inferSelect)["provider"];
  /** test: test-mode orders only; live: real money only. */
  mode?: "test" | "live";
  /** ISO instants: created at or after `from`, before `to`. */
  from?: string;
  to?: string;
  /** A title, the buyer's name or @username, or an order id. */
  q?: string;
  contactId?: string;
}

export const orderColumns = {
  order: orders,
  contact: {
    id: contacts.id,
    firstName: contacts.firstName,
    lastName: contacts.lastName,
    username: contacts.username,
  },
  bot: { id: bots.id, name: bots.name },
};

export type OrderListRow = {
  order: typeof orders.$inferSelect;
  contact: {
    id: string;
    firstName: string;
    lastName: string | null;
    username: string | null;
  } | null;
  bot: { id: string; name: string } | null;
};

function search(q: string): SQL | undefined {
  const text = q.replace(/^@/, "");
  if (!text) return undefined;
  const pattern = `%${escapeLike(text)}%`;
  return or(
    ...(isUuid(text) ? [eq(orders.id, text)] : []),
    ilike(orders.title, pattern),
    ilike(contacts.username, pattern),
    ilike(sql`${contacts.firstName} || ' ' || coalesce(${contacts.lastName}, '')`, pattern),
  );
}

/**
 * The page cursor: the last row's (created_at, id), so rows created in the same millisecond
 * are neither skipped nor repeated. Opaque to clients.
 */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = at ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime()) || !id || !isUuid(id)) return null;
  return { at: date, id };
}

/** Postgres keeps microseconds, a JS Date milliseconds: page on what the cursor can carry. */
const createdMs = sql<Date>`date_trunc('milliseconds', ${orders.createdAt})`;

function conditions(workspaceId: string, filter: OrderFilter): SQL[] {
  const where: (SQL | undefined)[] = [eq(orders.workspaceId, workspaceId)];
  if (filter.status) where.push(eq(orders.status, filter.status));
  if (filter.provider) where.push(eq(orders.provider, filter.provider));
  if (filter.mode) where.push(eq(orders.test, filter.mode === "test"));
  if (filter.from) where.push(gte(orders.createdAt, new Date(filter.from)));
  if (filter.to) where.push(lt(orders.createdAt, new Date(filter.to)));
  if (filter.contactId) where.push(eq(orders.contactId, filter.contactId));
  if (filter.q) where.push(search(filter.q));
  return where.filter((w): w is SQL => w !== undefined);
}

/** One page of the workspace's orders, newest first, with the buyer and the bot. */
export async function listOrders(
  db: Executor,
  workspaceId: string,
  filter: OrderFilter & { cursor?: string; limit: number },
): Promise<{ rows: OrderListRow[]; nextCursor: string | null }> {
  const where = conditions(workspaceId, filter);
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    // A cursor we did not make matches nothing rather than the first page again.
    if (!after) return { rows: [], nextCursor: null };
    where.push(
      sql`(${createdMs}, ${orders.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await db
    .select(orderColumns)
    .from(orders)
    .leftJoin(contacts, eq(contacts.id, orders.contactId))
    .leftJoin(bots, eq(bots.id, orders.botId))
    .where(and(...where))
    .orderBy(desc(createdMs), desc(orders.id))
    .limit(filter.limit + 1);
  const more = rows.length > filter.limit;
  const page = more ? rows.slice(0, filter.limit) : rows;
  const last = page.at(-1)?.order;
  return { rows: page, nextCursor: more && last ? encodeCursor(last) : null };
}
