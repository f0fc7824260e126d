import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { segments } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { countContacts } from "./list";
import { segmentFilterSchema, type SegmentFilter } from "./segments";

export type SegmentRow = typeof segments.$inferSelect;

/**
 * A stored filter as it reads today. Filters are checked when saved; one that no longer parses
 * (written by an older version) selects nobody rather than everyone.
 */
export function storedFilter(row: Pick<SegmentRow, "filter">): SegmentFilter | null {
  const parsed = segmentFilterSchema.safeParse(row.filter);
  return parsed.success ? parsed.data : null;
}

/** The workspace's saved segments by name, each with how many contacts it selects now. */
export async function listSegments(
  db: Executor,
  workspaceId: string,
): Promise<(SegmentRow & { count: number })[]> {
  const rows = await db
    .select()
    .from(segments)
    .where(eq(segments.workspaceId, workspaceId))
    .orderBy(asc(segments.name), asc(segments.id));
  return Promise.all(
    rows.map(async (row) => {
      const filter = storedFilter(row);
      return { ...row, count: filter ? await countContacts(db, workspaceId, filter) : 0 };
    }),
  );
}

export async function getSegment(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<SegmentRow & { count: number }> {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)));
  if (!row) throw notFound("Segment");
  const filter = storedFilter(row);
  return { ...row, count: filter ? await countContacts(db, workspaceId, filter) : 0 };
}

export async function createSegment(
  db: Executor,
  input: { workspaceId: string; name: string; filter: SegmentFilter; actor: Actor },
): Promise<SegmentRow & { count: number }> {
  const filter = segmentFilterSchema.parse(input.filter);
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(segments)
      .values({ workspaceId: input.workspaceId, name: input.name, filter })
      .returning();
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "segment.created",
      subjectId: row!.id,
      data: { name: row!.name, filter },
    });
    return row!;
  });
  return { ...row, count: await countContacts(db, input.workspaceId, filter) };
}

export async function updateSegment(
  db: Executor,
  input: {
    workspaceId: string;
    id: string;
    name?: string;
    filter?: SegmentFilter;
    actor: Actor;
  },
): Promise<SegmentRow & { count: number }> {
  const filter = input.filter ? segmentFilterSchema.parse(input.filter) : undefined;
  await db.transaction(async (tx) => {
    const where = and(eq(segments.workspaceId, input.workspaceId), eq(segments.id, input.id));
    const [before] = await tx.select().from(segments).where(where).for("update");
    if (!before) throw notFound("Segment");
    const [after] = await tx
      .update(segments)
      .set({
        name: input.name ?? before.name,
        filter: filter ?? before.filter,
        updatedAt: new Date(),
      })
      .where(where)
      .returning();
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "segment.updated",
      subjectId: before.id,
      data: {
        before: { name: before.name, filter: before.filter },
        after: { name: after!.name, filter: after!.filter },
      },
    });
  });
  return getSegment(db, input.workspaceId, input.id);
}

/** Broadcasts that named it lose the link (segment_id becomes null), per the schema. */
export async function deleteSegment(
  db: Executor,
  input: { workspaceId: string; id: string; actor: Actor },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(segments)
      .where(and(eq(segments.workspaceId, input.workspaceId), eq(segments.id, input.id)))
      .returning();
    if (!row) throw notFound("Segment");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "segment.deleted",
      subjectId: row.id,
      data: { name: row.name },
    });
  });
}

/** The filter a list or export asks for: a saved segment's, or its own (everyone when none). */
export async function filterFor(
  db: Executor,
  workspaceId: string,
  query: { filter?: SegmentFilter; segmentId?: string },
): Promise<SegmentFilter> {
  if (query.segmentId && query.filter)
    throw new ApiError("bad_request", "Give either a filter or a segmentId, not both");
  if (!query.segmentId) return query.filter ?? {};
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, query.segmentId)));
  if (!row) throw notFound("Segment");
  const filter = storedFilter(row);
  if (!filter) throw new ApiError("conflict", "The segment's filter is no longer valid; edit it");
  return filter;
}
