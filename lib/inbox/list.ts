import "server-only";
import { and, desc, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, contacts, conversations, handoffs, messages, users } from "@/lib/db/schema";
import { escapeLike } from "@/lib/db/like";
import { isUuid } from "@/lib/api/caller";

/**
 * The inbox's list: conversations newest message first, by tab (waiting, unassigned, mine, all,
 * closed) and search, with each tab's counts for its badge.
 */

export type ConversationFilter = "waiting" | "unassigned" | "mine" | "all" | "closed";

export const conversationColumns = {
  id: conversations.id,
  status: conversations.status,
  unread: conversations.unread,
  lastMessageAt: conversations.lastMessageAt,
  lastMessageText: conversations.lastMessageText,
  waitingSince: handoffs.requestedAt,
  handoffId: conversations.handoffId,
  assigneeId: conversations.assigneeId,
  assigneeName: users.name,
  botId: bots.id,
  botName: bots.name,
  contactId: contacts.id,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  username: contacts.username,
  phone: contacts.phone,
  blocked: contacts.blocked,
};

export interface ConversationRow {
  id: string;
  status: "bot" | "waiting" | "assigned" | "closed";
  unread: number;
  lastMessageAt: Date;
  lastMessageText: string;
  waitingSince: Date | null;
  handoffId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  botId: string;
  botName: string;
  contactId: string;
  firstName: string;
  lastName: string | null;
  username: string | null;
  phone: string | null;
  blocked: boolean;
}

/** The list's joins, for one row or a page. */
export function conversationRows(db: Executor) {
  return db
    .select(conversationColumns)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(bots, eq(bots.id, conversations.botId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .leftJoin(handoffs, eq(handoffs.id, conversations.handoffId));
}

function filterCondition(filter: ConversationFilter, userId: string | null): SQL | undefined {
  switch (filter) {
    case "waiting":
      return eq(conversations.status, "waiting");
    case "unassigned":
      return and(eq(conversations.status, "waiting"), isNull(conversations.assigneeId));
    case "mine":
      return userId
        ? and(eq(conversations.status, "assigned"), eq(conversations.assigneeId, userId))
        : sql`false`;
    case "closed":
      return eq(conversations.status, "closed");
    case "all":
      return undefined;
  }
}

function search(q: string): SQL {
  const pattern = `%${escapeLike(q)}%`;
  return or(
    ilike(sql`${contacts.firstName} || ' ' || coalesce(${contacts.lastName}, '')`, pattern),
    ilike(contacts.username, pattern),
    ilike(contacts.phone, pattern),
    sql`exists (select 1 from ${messages} m where m.contact_id = ${conversations.contactId}
                  and m.text ilike ${pattern})`,
  )!;
}

function encodeCursor(row: { lastMessageAt: Date; id: string }): string {
  return Buffer.from(`${row.lastMessageAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = at ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime()) || !id || !isUuid(id)) return null;
  return { at: date, id };
}

/** Postgres keeps microseconds, a JS Date milliseconds: page on what the cursor can carry. */
const lastMs = sql<Date>`date_trunc('milliseconds', ${conversations.lastMessageAt})`;

export async function listConversations(
  db: Executor,
  workspaceId: string,
  userId: string | null,
  query: { filter: ConversationFilter; q?: string; cursor?: string; limit: number },
): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [
    eq(conversations.workspaceId, workspaceId),
    filterCondition(query.filter, userId),
  ];
  if (query.q) where.push(search(query.q));
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    if (!after) return { rows: [], nextCursor: null };
    where.push(
      sql`(${lastMs}, ${conversations.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await conversationRows(db)
    .where(and(...where))
    .orderBy(desc(lastMs), desc(conversations.id))
    .limit(query.limit + 1);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return { rows: page, nextCursor: more && last ? encodeCursor(last) : null };
}

export type ConversationCounts = Record<ConversationFilter, { total: number; unread: number }>;

/** Each tab's conversations and how many of them have unread messages, in one query. */
export async function countConversations(
  db: Executor,
  workspaceId: string,
  userId: string | null,
): Promise<ConversationCounts> {
  const filters: ConversationFilter[] = ["waiting", "unassigned", "mine", "all", "closed"];
  const columns = Object.fromEntries(
    filters.flatMap((f) => {
      const cond = filterCondition(f, userId) ?? sql`true`;
      return [
        [`${f}Total`, sql<number>`count(*) filter (where ${cond})::int`],
        [
          `${f}Unread`,
          sql<number>`count(*) filter (where ${cond} and ${conversations.unread} > 0)::int`,
        ],
      ];
    }),
  ) as Record<string, SQL<number>>;
  const [row] = await db
    .select(columns)
    .from(conversations)
    .where(eq(conversations.workspaceId, workspaceId));
  return Object.fromEntries(
    filters.map((f) => [
      f,
      { total: Number(row?.[`${f}Total`] ?? 0), unread: Number(row?.[`${f}Unread`] ?? 0) },
    ]),
  ) as ConversationCounts;
}

/** One conversation of the workspace as the list shows it, or undefined. */
export async function findConversation(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<ConversationRow | undefined> {
  const [row] = await conversationRows(db).where(
    and(eq(conversations.id, id), eq(conversations.workspaceId, workspaceId)),
  );
  return row;
}
