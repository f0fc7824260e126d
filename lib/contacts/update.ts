import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Executor, Tx } from "@/lib/db";
import { contacts } from "@/lib/db/schema";
import { ApiError, notFound, type FieldIssue } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { listContactFields } from "./field-definitions";
import { checkFieldValue, isTimeZone, type ContactFieldType } from "./fields";
import { normalizePhone } from "./phone";
import type { ContactRow } from "./list";

export interface ContactPatch {
  /** Replaces the tags. */
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  /** Sets (a string) or clears (null or "") declared custom fields; others are kept. */
  fields?: Record<string, string | null>;
  test?: boolean;
  timeZone?: string | null;
  phone?: string | null;
  externalId?: string | null;
}

const tracked = ["tags", "fields", "test", "timeZone", "phone", "externalId"] as const;
type Tracked = (typeof tracked)[number];

/**
 * The contact's new values, or field-by-field errors. Pure apart from the field definitions it
 * is given: an import checks thousands of rows against one lookup.
 */
export function applyPatch(
  contact: ContactRow,
  patch: ContactPatch,
  types: ReadonlyMap<string, ContactFieldType>,
): { ok: true; values: Pick<ContactRow, Tracked> } | { ok: false; errors: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  let tags = patch.tags ? [...patch.tags] : [...contact.tags];
  for (const t of patch.addTags ?? []) if (!tags.includes(t)) tags.push(t);
  if (patch.removeTags?.length) tags = tags.filter((t) => !patch.removeTags!.includes(t));
  tags = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

  const fields = { ...contact.fields };
  for (const [name, raw] of Object.entries(patch.fields ?? {})) {
    const type = types.get(name);
    if (!type) {
      errors.push({
        path: `fields.${name}`,
        message: `No custom field named "${name}" is declared`,
      });
      continue;
    }
    if (raw === null || raw.trim() === "") {
      delete fields[name];
      continue;
    }
    const checked = checkFieldValue(type, raw);
    if (checked.ok) fields[name] = checked.value;
    else errors.push({ path: `fields.${name}`, message: checked.error });
  }

  let timeZone = contact.timeZone;
  if (patch.timeZone !== undefined) {
    if (patch.timeZone === null || patch.timeZone === "") timeZone = null;
    else if (isTimeZone(patch.timeZone)) timeZone = patch.timeZone;
    else errors.push({ path: "timeZone", message: "Not an IANA time zone (Europe/Moscow)" });
  }

  let phone = contact.phone;
  if (patch.phone !== undefined) {
    if (patch.phone === null || patch.phone.trim() === "") phone = null;
    else {
      phone = normalizePhone(patch.phone);
      if (!phone) errors.push({ path: "phone", message: "Not a phone number" });
    }
  }
  const externalId =
    patch.externalId === undefined ? contact.externalId : patch.externalId?.trim() || null;

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    values: { tags, fields, test: patch.test ?? contact.test, timeZone, phone, externalId },
  };
}

/** The tracked values that differ, before and after: what the journal entry records. */
export function changesOf(
  before: Pick<ContactRow, Tracked>,
  after: Pick<ContactRow, Tracked>,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of tracked) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  if (Object.keys(b).length === 0) return null;
  return { before: b, after: a };
}

export async function fieldTypes(
  db: Executor,
  workspaceId: string,
): Promise<Map<string, ContactFieldType>> {
  return new Map((await listContactFields(db, workspaceId)).map((f) => [f.name, f.type]));
}

/** Writes the new values and journals contact.updated with what changed; nothing if nothing did. */
export async function writeContactChanges(
  tx: Tx,
  contact: ContactRow,
  values: Pick<ContactRow, Tracked>,
  actor: Actor,
  source?: string,
): Promise<ContactRow | null> {
  const changes = changesOf(contact, values);
  if (!changes) return null;
  // Not updated_at: that is the contact's own last activity, refreshed when they write.
  const { tags, fields, test, timeZone, phone, externalId } = values;
  const [row] = await tx
    .update(contacts)
    .set({ tags, fields, test, timeZone, phone, externalId })
    .where(eq(contacts.id, contact.id))
    .returning();
  await recordJournal(tx, {
    workspaceId: contact.workspaceId,
    actor,
    kind: "contact.updated",
    botId: contact.botId,
    contactId: contact.id,
    data: { ...changes, ...(source ? { source } : {}) },
  });
  return row!;
}

/**
 * Edits one contact: tags, custom field values (declared fields only, checked against their
 * types), the test flag, time zone, phone and external id. 422 with the failing fields;
 * an erased contact cannot be edited.
 */
export async function updateContact(
  db: Executor,
  input: { workspaceId: string; id: string; patch: ContactPatch; actor: Actor },
): Promise<ContactRow> {
  const types = await fieldTypes(db, input.workspaceId);
  return db.transaction(async (tx) => {
    const [contact] = await tx
      .select()
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, input.workspaceId),
          eq(contacts.id, input.id),
          isNull(contacts.erasedAt),
        ),
      )
      .for("update");
    if (!contact) throw notFound("Contact");
    const result = applyPatch(contact, input.patch, types);
    if (!result.ok)
      throw new ApiError("unprocessable_entity", "The changes are not valid", {
        details: result.errors,
      });
    return (await writeContactChanges(tx, contact, result.values, input.actor)) ?? contact;
  });
}
