import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "./accounts";
import { contacts } from "./runtime";

/** One field of an event type's data, checked when an event arrives (lib/events/types.ts). */
export interface EventFieldSpec {
  name: string;
  type: "string" | "number" | "money" | "datetime" | "boolean";
  required: boolean;
}

/**
 * An event the shop's systems may send (payout.credited, installment.due…), with the shape of
 * its data. An event of an undeclared type, or with data that does not fit, is refused.
 */
export const eventTypes = pgTable(
  "event_type",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    fields: jsonb("fields").$type<EventFieldSpec[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("event_type_name_uq").on(t.workspaceId, t.name)],
);

export const externalEventStatusEnum = pgEnum("external_event_status", [
  /** Matched to a contact and handed to the flows; delivered or failed is read off the outbox. */
  "received",
  /** Nobody matched the flows: no flow starts on this type, or the contact is not a test one. */
  "failed",
  /** No contact is linked to the customer yet: delivered when one links, until expires_at. */
  "unlinked",
]);

/**
 * An event pushed by the shop's systems (POST /api/v1/events), once per Idempotency-Key. The
 * first answer is kept and given again to a repeated request.
 */
export const externalEvents = pgTable(
  "external_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** sha256 of the request body: the same key with another body is refused. */
    requestHash: text("request_hash").notNull(),
    customerExternalId: text("customer_external_id"),
    /** E.164. */
    customerPhone: text("customer_phone"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    test: boolean("test").notNull().default(false),
    status: externalEventStatusEnum("status").notNull(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    reason: text("reason"),
    /** An unlinked event waits for its customer until then. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /** When it was handed to the flows (at once, or when the customer linked). */
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("external_event_idempotency_uq").on(t.workspaceId, t.idempotencyKey),
    // Delivery rate and latency per period (lib/analytics).
    index("external_event_workspace_received_idx").on(t.workspaceId, t.receivedAt),
    index("external_event_unlinked_phone_idx")
      .on(t.workspaceId, t.customerPhone)
      .where(sql`${t.status} = 'unlinked'`),
    index("external_event_unlinked_external_idx")
      .on(t.workspaceId, t.customerExternalId)
      .where(sql`${t.status} = 'unlinked'`),
  ],
);

/**
 * A one-time code the shop's system obtained for one of its customers (POST /api/v1/link-codes):
 * the buyer types it to the bot, or opens t.me/<bot>?start=link_<code>, and their chat is linked
 * to that customer. Only the code's sha256 is kept.
 */
export const linkCodes = pgTable(
  "link_code",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    externalId: text("external_id").notNull(),
    /** E.164, when the shop's system knows it. */
    phone: text("phone"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("link_code_hash_uq").on(t.codeHash)],
);
