import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { contactFields } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { reservedColumns } from "./columns";
import type { ContactFieldType } from "./fields";

export type ContactFieldRow = typeof contactFields.$inferSelect;

export async function listContactFields(
  db: Executor,
  workspaceId: string,
): Promise<ContactFieldRow[]> {
  return db
    .select()
    .from(contactFields)
    .where(eq(contactFields.workspaceId, workspaceId))
    .orderBy(asc(contactFields.label), asc(contactFields.name));
}

/**
 * Declares a custom field. Its name is the key in contact.fields, in templates and in the CSV
 * columns, so it cannot take the name of an export column, and it never changes afterwards.
 */
export async function createContactField(
  db: Executor,
  input: {
    workspaceId: string;
    name: string;
    label: string;
    type: ContactFieldType;
    actor: Actor;
  },
): Promise<ContactFieldRow> {
  if (reservedColumns.has(input.name))
    throw new ApiError("conflict", `"${input.name}" is a built-in column; choose another name`);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(contactFields)
      .values({
        workspaceId: input.workspaceId,
        name: input.name,
        label: input.label,
        type: input.type,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ApiError("conflict", `A field named "${input.name}" already exists`);
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "contact_field.created",
      subjectId: row.id,
      data: { name: row.name, label: row.label, type: row.type },
    });
    return row;
  });
}

/**
 * A new label or type. Stored values are text and are not rewritten: a value that does not fit
 * the new type is kept and shown as is, and checked when next changed.
 */
export async function updateContactField(
  db: Executor,
  input: {
    workspaceId: string;
    id: string;
    label?: string;
    type?: ContactFieldType;
    actor: Actor;
  },
): Promise<ContactFieldRow> {
  return db.transaction(async (tx) => {
    const where = and(
      eq(contactFields.workspaceId, input.workspaceId),
      eq(contactFields.id, input.id),
    );
    const [before] = await tx.select().from(contactFields).where(where).for("update");
    if (!before) throw notFound("Contact field");
    const [row] = await tx
      .update(contactFields)
      .set({ label: input.label ?? before.label, type: input.type ?? before.type })
      .where(where)
      .returning();
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "contact_field.updated",
      subjectId: before.id,
      data: {
        name: before.name,
        before: { label: before.label, type: before.type },
        after: { label: row!.label, type: row!.type },
      },
    });
    return row!;
  });
}

/**
 * Forgets the declaration. Values already on contacts stay (flows may read them) but can no
 * longer be edited in the UI or the API until the field is declared again.
 */
export async function deleteContactField(
  db: Executor,
  input: { workspaceId: string; id: string; actor: Actor },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(contactFields)
      .where(and(eq(contactFields.workspaceId, input.workspaceId), eq(contactFields.id, input.id)))
      .returning();
    if (!row) throw notFound("Contact field");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "contact_field.deleted",
      subjectId: row.id,
      data: { name: row.name, label: row.label, type: row.type },
    });
  });
}
