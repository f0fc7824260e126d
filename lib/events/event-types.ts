import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { eventTypes } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import type { EventTypeInput } from "./types";

/** The event types a workspace declares (Settings → Events, /api/v1/event-types). Journaled. */

type EventTypeRow = typeof eventTypes.$inferSelect;

export function toEventTypeDto(row: EventTypeRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    fields: row.fields,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listEventTypes(db: Db, workspaceId: string): Promise<EventTypeRow[]> {
  return db
    .select()
    .from(eventTypes)
    .where(eq(eventTypes.workspaceId, workspaceId))
    .orderBy(asc(eventTypes.name));
}

export async function createEventType(
  db: Db,
  workspaceId: string,
  actor: Actor,
  input: EventTypeInput,
): Promise<EventTypeRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(eventTypes)
      .values({ workspaceId, ...input })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ApiError("conflict", `An event type "${input.name}" already exists`);
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "event_type.created",
      subjectId: row.id,
      data: { name: row.name },
    });
    return row;
  });
}

export async function updateEventType(
  db: Db,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: Partial<Omit<EventTypeInput, "name">>,
): Promise<EventTypeRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(eventTypes)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(eventTypes.id, id), eq(eventTypes.workspaceId, workspaceId)))
      .returning();
    if (!row) throw notFound("Event type");
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "event_type.updated",
      subjectId: row.id,
      data: { name: row.name },
    });
    return row;
  });
}

export async function deleteEventType(
  db: Db,
  workspaceId: string,
  actor: Actor,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(eventTypes)
      .where(and(eq(eventTypes.id, id), eq(eventTypes.workspaceId, workspaceId)))
      .returning();
    if (!row) throw notFound("Event type");
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "event_type.deleted",
      subjectId: row.id,
      data: { name: row.name },
    });
  });
}
