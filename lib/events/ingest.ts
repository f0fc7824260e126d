import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/lib/db";
import { contacts, eventTypes, externalEvents } from "@/lib/db/schema";
import { ApiError } from "@/lib/api/errors";
import { config } from "@/lib/config/env";
import { normalizePhone } from "@/lib/contacts/phone";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { resumeContact } from "@/lib/runtime/engine";
import { checkEventData, type EventRequest } from "./types";
import { eventView, type EventView } from "./status";

/**
 * Events pushed by the shop's systems (POST /api/v1/events; docs/1c-integration.md): checked
 * against the declared type, recorded once per Idempotency-Key, and handed in the same
 * transaction to the flows of the customer's linked contact (trigger.event). A customer with no
 * linked chat yet: kept as unlinked and handed over when one links (lib/events/link.ts).
 */

export { eventRequestSchema, type EventRequest } from "./types";

/** How long an unlinked event waits for its customer to link (EVENT_UNLINKED_TTL_HOURS). */
export function unlinkedTtlHours(): number {
  return config().EVENT_UNLINKED_TTL_HOURS;
}

export const idempotencyKeySchema = z.string().trim().min(1).max(255);

export interface ReceivedEvent {
  event: EventView;
  /** The Idempotency-Key was used before: this is the first request's event. */
  replayed: boolean;
  /** Outbox rows queued: the caller wakes the sender. */
  queued: number;
}

export async function receiveEvent(
  db: Db,
  input: {
    workspaceId: string;
    actor: Actor;
    idempotencyKey: string;
    /** The raw body, for the Idempotency-Key check. */
    rawBody: string;
    request: EventRequest;
  },
): Promise<ReceivedEvent> {
  const { workspaceId, request } = input;
  const requestHash = createHash("sha256").update(input.rawBody).digest("hex");
  const earlier = await replay(db, workspaceId, input.idempotencyKey, requestHash);
  if (earlier) return earlier;

  const [type] = await db
    .select()
    .from(eventTypes)
    .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, request.type)));
  if (!type)
    throw new ApiError(
      "unprocessable_entity",
      `Event type "${request.type}" is not declared in this workspace`,
      { details: [{ path: "type", message: "Declare it under Settings → Events first" }] },
    );
  const issues = checkEventData(type.fields, request.data);
  if (issues.length)
    throw new ApiError("unprocessable_entity", "The event's data does not fit its type", {
      details: issues,
    });
  const phone =
    request.customer.phone === undefined ? null : normalizePhone(request.customer.phone);
  if (request.customer.phone !== undefined && !phone)
    throw new ApiError("unprocessable_entity", "The customer's phone is not a phone number", {
      details: [{ path: "customer.phone", message: "Expected a number such as +79123456789" }],
    });

  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(externalEvents)
      .values({
        workspaceId,
        type: request.type,
        idempotencyKey: input.idempotencyKey,
        requestHash,
        customerExternalId: request.customer.externalId ?? null,
        customerPhone: phone,
        data: request.data,
        occurredAt: new Date(request.occurredAt),
        test: request.test,
        status: "unlinked",
      })
      .onConflictDoNothing()
      .returning();
    // The same key at the same moment from another request: it won; answer as a replay.
    if (!row) return undefined;
    const contact = await linkedContact(tx, workspaceId, row);
    const queued = contact
      ? await handToFlows(tx, input.actor, row, contact)
      : await keepUnlinked(tx, input.actor, row);
    return { id: row.id, queued };
  });
  if (!outcome) {
    const raced = await replay(db, workspaceId, input.idempotencyKey, requestHash);
    if (raced) return raced;
    throw new Error("an event's idempotency key conflicted but no event was found");
  }
  return { event: (await eventView(db, workspaceId, outcome.id))!, replayed: false, ...outcome };
}

async function replay(
  db: Db,
  workspaceId: string,
  key: string,
  requestHash: string,
): Promise<ReceivedEvent | undefined> {
  const [row] = await db
    .select({ id: externalEvents.id, requestHash: externalEvents.requestHash })
    .from(externalEvents)
    .where(
      and(eq(externalEvents.workspaceId, workspaceId), eq(externalEvents.idempotencyKey, key)),
    );
  if (!row) return undefined;
  if (row.requestHash !== requestHash)
    throw new ApiError(
      "conflict",
      "This Idempotency-Key was used for a different request; use a new key for a new event",
    );
  return { event: (await eventView(db, workspaceId, row.id))!, replayed: true, queued: 0 };
}

type EventRow = typeof externalEvents.$inferSelect;
type ContactRow = typeof contacts.$inferSelect;

/** The customer's chat: by their id in the shop's system, or their phone; the most recent. */
async function linkedContact(
  tx: Tx,
  workspaceId: string,
  event: Pick<EventRow, "customerExternalId" | "customerPhone">,
): Promise<ContactRow | undefined> {
  const matches: SQL[] = [];
  if (event.customerExternalId) matches.push(eq(contacts.externalId, event.customerExternalId));
  if (event.customerPhone) matches.push(eq(contacts.phone, event.customerPhone));
  if (!matches.length) return undefined;
  const [contact] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), or(...matches)))
    .orderBy(desc(contacts.updatedAt))
    .limit(1);
  return contact;
}

/**
 * Runs the contact's flows for the event in the caller's transaction. A test event reaches test
 * contacts only; an event no flow starts on fails with that reason.
 */
export async function handToFlows(
  tx: Tx,
  actor: Actor,
  event: EventRow,
  contact: ContactRow,
): Promise<number> {
  let queued = 0;
  let reason: string | null = null;
  if (event.test && !contact.test) reason = "not_a_test_contact";
  else if (contact.blocked) reason = "contact_blocked_bot";
  else {
    queued = await resumeContact(
      tx,
      { botId: contact.botId, contactId: contact.id },
      {
        kind: "external",
        name: event.type,
        data: { ...event.data, occurred_at: event.occurredAt.toISOString() },
      },
      `event:${event.id}`,
      { cause: `event:${event.id}` },
    );
    if (!queued) reason = "no_flow";
  }
  await tx
    .update(externalEvents)
    .set({
      status: reason ? "failed" : "received",
      reason,
      contactId: contact.id,
      processedAt: sql`clock_timestamp()`,
    })
    .where(eq(externalEvents.id, event.id));
  await recordJournal(tx, {
    workspaceId: event.workspaceId,
    actor,
    kind: reason ? "event.failed" : "event.received",
    botId: contact.botId,
    contactId: contact.id,
    subjectId: event.id,
    data: { type: event.type, test: event.test, ...(reason ? { reason } : {}) },
  });
  return queued;
}

async function keepUnlinked(tx: Tx, actor: Actor, event: EventRow): Promise<number> {
  await tx
    .update(externalEvents)
    .set({ expiresAt: sql`clock_timestamp() + make_interval(hours => ${unlinkedTtlHours()})` })
    .where(eq(externalEvents.id, event.id));
  await recordJournal(tx, {
    workspaceId: event.workspaceId,
    actor,
    kind: "event.unlinked",
    subjectId: event.id,
    data: { type: event.type, test: event.test },
  });
  return 0;
}
