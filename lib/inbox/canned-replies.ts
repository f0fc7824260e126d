import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { cannedReplies } from "@/lib/db/schema";
import { notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";

/** Saved answers for the composer: owners and admins write them, every agent uses them. */

export type CannedReply = typeof cannedReplies.$inferSelect;

const inWorkspace = (workspaceId: string, id: string) =>
  and(eq(cannedReplies.id, id), eq(cannedReplies.workspaceId, workspaceId));

export async function listCannedReplies(db: Executor, workspaceId: string): Promise<CannedReply[]> {
  return db
    .select()
    .from(cannedReplies)
    .where(eq(cannedReplies.workspaceId, workspaceId))
    .orderBy(asc(cannedReplies.title), asc(cannedReplies.id));
}

export async function createCannedReply(
  db: Db,
  input: { workspaceId: string; actor: Actor; title: string; text: string },
): Promise<CannedReply> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(cannedReplies)
      .values({ workspaceId: input.workspaceId, title: input.title, text: input.text })
      .returning();
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "canned_reply.created",
      subjectId: row!.id,
      data: { title: row!.title },
    });
    return row!;
  });
}

export async function updateCannedReply(
  db: Db,
  input: {
    workspaceId: string;
    id: string;
    actor: Actor;
    changes: { title?: string; text?: string };
  },
): Promise<CannedReply> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(cannedReplies)
      .set({ ...input.changes, updatedAt: new Date() })
      .where(inWorkspace(input.workspaceId, input.id))
      .returning();
    if (!row) throw notFound("Canned reply");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "canned_reply.updated",
      subjectId: row.id,
      data: { title: row.title, changed: Object.keys(input.changes) },
    });
    return row;
  });
}

export async function deleteCannedReply(
  db: Db,
  input: { workspaceId: string; id: string; actor: Actor },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(cannedReplies)
      .where(inWorkspace(input.workspaceId, input.id))
      .returning();
    if (!row) throw notFound("Canned reply");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "canned_reply.deleted",
      subjectId: row.id,
      data: { title: row.title },
    });
  });
}
