import "server-only";
import { and, asc, desc, eq, gte, inArray, like, lt, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { apiKeys, journal, users } from "@/lib/db/schema";
import { isUuid } from "@/lib/api/caller";
import { escapeLike } from "@/lib/db/like";

export interface JournalFilter {
  /** An exact kind, or a prefix ending in '.' ("order." matches order.paid, order.refunded…). */
  kind?: string;
  /** ISO instants: entries at or after `from`, and before `to`. */
  from?: string;
  to?: string;
  contactId?: string;
  orderId?: string;
}

export interface JournalPage {
  /** Cursor: only entries with a smaller id. */
  before?: number;
  limit: number;
}

export interface JournalRow {
  id: number;
  at: Date;
  actorType: "user" | "api_key" | "system" | "contact";
  actorId: string | null;
  actorName: string | null;
  kind: string;
  botId: string | null;
  contactId: string | null;
  orderId: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
}

function conditions(workspaceId: string, filter: JournalFilter, before?: number): SQL[] {
  const where: SQL[] = [eq(journal.workspaceId, workspaceId)];
  if (filter.kind) {
    where.push(
      filter.kind.endsWith(".")
        ? like(journal.kind, `${escapeLike(filter.kind)}%`)
        : eq(journal.kind, filter.kind),
    );
  }
  if (filter.from) where.push(gte(journal.at, new Date(filter.from)));
  if (filter.to) where.push(lt(journal.at, new Date(filter.to)));
  if (filter.contactId) where.push(eq(journal.contactId, filter.contactId));
  if (filter.orderId) where.push(eq(journal.orderId, filter.orderId));
  if (before !== undefined) where.push(lt(journal.id, before));
  return where;
}

/**
 * Names for the people and keys that acted, looked up per page by primary key. API keys are
 * resolved only within the workspace; a user's name is shown wherever they acted.
 */
async function actorNames(
  db: Executor,
  workspaceId: string,
  rows: { actorType: string; actorId: string | null }[],
) {
  const ids = (type: string) => [
    ...new Set(
      rows
        .filter((r) => r.actorType === type && r.actorId && isUuid(r.actorId))
        .map((r) => r.actorId ?? ""),
    ),
  ];
  const userIds = ids("user");
  const keyIds = ids("api_key");
  const names = new Map<string, string>();
  if (userIds.length) {
    for (const u of await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, userIds))) {
      names.set(`user:${u.id}`, u.name);
    }
  }
  if (keyIds.length) {
    const keys = await db
      .select({ id: apiKeys.id, name: apiKeys.name })
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, workspaceId), inArray(apiKeys.id, keyIds)));
    for (const k of keys) names.set(`api_key:${k.id}`, k.name);
  }
  return names;
}

/** One page of entries, newest first, with actor names resolved. */
export async function journalPage(
  db: Executor,
  workspaceId: string,
  filter: JournalFilter,
  page: JournalPage,
): Promise<{ entries: JournalRow[]; nextCursor: number | null }> {
  const rows = await db
    .select({
      id: journal.id,
      at: journal.at,
      actorType: journal.actorType,
      actorId: journal.actorId,
      kind: journal.kind,
      botId: journal.botId,
      contactId: journal.contactId,
      orderId: journal.orderId,
      subjectId: journal.subjectId,
      data: journal.data,
    })
    .from(journal)
    .where(and(...conditions(workspaceId, filter, page.before)))
    .orderBy(desc(journal.id))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const pageRows = more ? rows.slice(0, page.limit) : rows;
  const names = await actorNames(db, workspaceId, pageRows);
  const entries = pageRows.map((r) => ({
    ...r,
    actorName: names.get(`${r.actorType}:${r.actorId}`) ?? null,
  }));
  return { entries, nextCursor: more ? (entries.at(-1)?.id ?? null) : null };
}

/** Search the journal: a page of entries, the cursor for the next one, and every kind present. */
export async function listJournal(
  db: Executor,
  workspaceId: string,
  filter: JournalFilter & JournalPage,
): Promise<{ entries: JournalRow[]; nextCursor: number | null; kinds: string[] }> {
  const { before, limit, ...rest } = filter;
  const [page, kinds] = await Promise.all([
    journalPage(db, workspaceId, rest, { before, limit }),
    db
      .selectDistinct({ kind: journal.kind })
      .from(journal)
      .where(eq(journal.workspaceId, workspaceId))
      .orderBy(asc(journal.kind)),
  ]);
  return { ...page, kinds: kinds.map((k) => k.kind) };
}
