import "server-only";
import { and, desc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, broadcasts, segments } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { segmentFilterSchema } from "@/lib/contacts/segments";
import { broadcastInputSchema, broadcastMessageSchema, type BroadcastInput } from "./message";

export type BroadcastRow = Omit<typeof broadcasts.$inferSelect, "workspaceId">;

const { workspaceId: _workspaceId, ...columns } = getTableColumns(broadcasts);

export const broadcastInWorkspace = (workspaceId: string, id: string) =>
  and(eq(broadcasts.id, id), eq(broadcasts.workspaceId, workspaceId));

export async function listBroadcasts(db: Executor, workspaceId: string): Promise<BroadcastRow[]> {
  return db
    .select(columns)
    .from(broadcasts)
    .where(eq(broadcasts.workspaceId, workspaceId))
    .orderBy(desc(broadcasts.createdAt), desc(broadcasts.id))
    .limit(500);
}

export async function getBroadcast(
  db: Executor,
  workspaceId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<BroadcastRow> {
  const query = db.select(columns).from(broadcasts).where(broadcastInWorkspace(workspaceId, id));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw notFound("Broadcast");
  return row;
}

/** The bot and the saved segment must be the workspace's (another's answers 422, not 404). */
async function checkReferences(
  db: Executor,
  workspaceId: string,
  input: { botId: string; segmentId?: string | null },
) {
  const [bot] = await db
    .select({ id: bots.id })
    .from(bots)
    .where(and(eq(bots.id, input.botId), eq(bots.workspaceId, workspaceId)));
  if (!bot)
    throw new ApiError("unprocessable_entity", "No such bot", {
      details: [{ path: "botId", message: "No such bot in this workspace" }],
    });
  if (input.segmentId) {
    const [segment] = await db
      .select({ id: segments.id })
      .from(segments)
      .where(and(eq(segments.id, input.segmentId), eq(segments.workspaceId, workspaceId)));
    if (!segment)
      throw new ApiError("unprocessable_entity", "No such segment", {
        details: [{ path: "segmentId", message: "No such segment in this workspace" }],
      });
  }
}

export async function createBroadcast(
  db: Executor,
  args: { workspaceId: string; actor: Actor; input: BroadcastInput },
): Promise<BroadcastRow> {
  const input = broadcastInputSchema.parse(args.input);
  await checkReferences(db, args.workspaceId, input);
  const [row] = await db
    .insert(broadcasts)
    .values({
      workspaceId: args.workspaceId,
      botId: input.botId,
      name: input.name,
      message: input.message,
      segmentId: input.segmentId ?? null,
      filter: input.filter,
      ratePerSecond: input.ratePerSecond,
      createdBy: args.actor.type === "user" ? args.actor.id : null,
    })
    .returning(columns);
  await recordJournal(db, {
    workspaceId: args.workspaceId,
    actor: args.actor,
    kind: "broadcast.created",
    botId: input.botId,
    subjectId: row!.id,
    data: { name: input.name },
  });
  return row!;
}

/** Only a draft or a scheduled broadcast can change; one that started is what it sent. */
export async function updateBroadcast(
  db: Executor,
  args: { workspaceId: string; id: string; actor: Actor; input: Partial<BroadcastInput> },
): Promise<BroadcastRow> {
  const current = await getBroadcast(db, args.workspaceId, args.id, { lock: true });
  if (current.status !== "draft" && current.status !== "scheduled")
    throw new ApiError("conflict", `A ${current.status} broadcast cannot be changed`);
  const input = broadcastInputSchema.partial().parse(args.input);
  await checkReferences(db, args.workspaceId, {
    botId: input.botId ?? current.botId,
    segmentId: input.segmentId,
  });
  const [row] = await db
    .update(broadcasts)
    .set({
      ...(input.botId ? { botId: input.botId } : {}),
      ...(input.name ? { name: input.name } : {}),
      ...(input.message ? { message: input.message } : {}),
      ...(input.segmentId !== undefined ? { segmentId: input.segmentId } : {}),
      ...(input.filter ? { filter: input.filter } : {}),
      ...(input.ratePerSecond ? { ratePerSecond: input.ratePerSecond } : {}),
      updatedAt: new Date(),
    })
    .where(broadcastInWorkspace(args.workspaceId, args.id))
    .returning(columns);
  await recordJournal(db, {
    workspaceId: args.workspaceId,
    actor: args.actor,
    kind: "broadcast.updated",
    botId: row!.botId,
    subjectId: row!.id,
    data: { fields: Object.keys(args.input) },
  });
  return row!;
}

/** Drafts and cancelled broadcasts that never sent anything can be deleted. */
export async function deleteBroadcast(
  db: Executor,
  args: { workspaceId: string; id: string; actor: Actor },
): Promise<void> {
  const current = await getBroadcast(db, args.workspaceId, args.id, { lock: true });
  if (!["draft", "scheduled"].includes(current.status))
    throw new ApiError("conflict", "Only a broadcast that has not started can be deleted");
  await db.delete(broadcasts).where(broadcastInWorkspace(args.workspaceId, args.id));
  await recordJournal(db, {
    workspaceId: args.workspaceId,
    actor: args.actor,
    kind: "broadcast.deleted",
    botId: current.botId,
    subjectId: current.id,
    data: { name: current.name },
  });
}

/** The message as stored, read through the schema (so defaults of later versions apply). */
export const storedMessage = (row: Pick<BroadcastRow, "message">) =>
  broadcastMessageSchema.parse(row.message);

/** The broadcast's audience as a filter: its segment's or its own, always of its bot. */
export async function audienceFilterOf(
  db: Executor,
  workspaceId: string,
  b: { botId: string; segmentId: string | null; filter: Record<string, unknown> },
) {
  let filter = b.filter;
  if (b.segmentId) {
    const [segment] = await db
      .select({ filter: segments.filter })
      .from(segments)
      .where(and(eq(segments.id, b.segmentId), eq(segments.workspaceId, workspaceId)));
    if (segment) filter = segment.filter;
  }
  // Blocked contacts cannot receive anything; they are never part of an audience.
  return { ...segmentFilterSchema.parse(filter), botId: b.botId, blocked: false };
}

export async function segmentNames(
  db: Executor,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: segments.id, name: segments.name })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), inArray(segments.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
