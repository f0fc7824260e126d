import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { members, workspaces } from "@/lib/db/schema";
import type { Role } from "@/lib/db/schema/accounts";
import { notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";

export interface WorkspaceRow {
  id: string;
  name: string;
  timeZone: string;
  createdAt: Date;
}

const columns = {
  id: workspaces.id,
  name: workspaces.name,
  timeZone: workspaces.timeZone,
  createdAt: workspaces.createdAt,
};

export async function getWorkspace(db: Executor, workspaceId: string): Promise<WorkspaceRow> {
  const [row] = await db.select(columns).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound("Workspace");
  return row;
}

export function renameWorkspace(
  db: Db,
  workspaceId: string,
  name: string,
  actor: Actor,
): Promise<WorkspaceRow> {
  return changeWorkspace(
    db,
    { workspaceId, actor, field: "name", value: name },
    "workspace.renamed",
  );
}

/** The zone dates and times in the bots' messages are shown in (lib/runtime/template.ts). */
export function setWorkspaceTimeZone(
  db: Db,
  workspaceId: string,
  timeZone: string,
  actor: Actor,
): Promise<WorkspaceRow> {
  return changeWorkspace(
    db,
    { workspaceId, actor, field: "timeZone", value: timeZone },
    "workspace.time_zone_changed",
  );
}

/**
 * Changes one setting of the workspace and journals it as `kind` with { from, to }. The row is
 * locked, so two changes at once journal a consistent from → to chain; an unchanged value
 * writes and journals nothing.
 */
async function changeWorkspace(
  db: Db,
  change: { workspaceId: string; actor: Actor; field: "name" | "timeZone"; value: string },
  kind: string,
): Promise<WorkspaceRow> {
  const { workspaceId, actor, field, value } = change;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select(columns)
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId))
      .for("update");
    if (!before) throw notFound("Workspace");
    if (before[field] === value) return before;
    const [row] = await tx
      .update(workspaces)
      .set({ [field]: value })
      .where(eq(workspaces.id, workspaceId))
      .returning(columns);
    if (!row) throw notFound("Workspace");
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind,
      subjectId: workspaceId,
      data: { from: before[field], to: value },
    });
    return row;
  });
}

/** Another workspace for an existing user, who becomes its owner. */
export async function createWorkspace(
  db: Db,
  input: { userId: string; name: string },
): Promise<WorkspaceRow & { role: Role }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(workspaces).values({ name: input.name }).returning(columns);
    if (!row) throw new Error("createWorkspace: insert returned no row");
    await tx.insert(members).values({ workspaceId: row.id, userId: input.userId, role: "owner" });
    await recordJournal(tx, {
      workspaceId: row.id,
      actor: { type: "user", id: input.userId },
      kind: "workspace.created",
      subjectId: row.id,
      data: { name: row.name },
    });
    return { ...row, role: "owner" };
  });
}
