import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users, workspaces } from "./accounts";
import { bots } from "./bots";
import { contacts } from "./runtime";

/**
 * Which contacts: the filter of the contacts list (tags, fields, purchases, last activity, bot,
 * language, blocked), as lib/contacts/segments.ts defines and checks it.
 */
export type SegmentFilter = Record<string, unknown>;

/** A saved filter of the contacts list, and a broadcast's audience. */
export const segments = pgTable(
  "segment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    filter: jsonb("filter").$type<SegmentFilter>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("segment_workspace_idx").on(t.workspaceId, t.name)],
);

export const broadcastStatusEnum = pgEnum("broadcast_status", [
  "draft",
  "scheduled",
  "sending",
  "paused",
  "completed",
  "cancelled",
]);

/**
 * A message to many contacts of one bot. Starting it writes one outbox row per recipient (cause
 * "broadcast:<id>", bulk priority), which is the recipient's status record: sent, failed, or
 * cancelled because they blocked the bot. Pausing holds the rows back; a restart resumes them.
 */
export const broadcasts = pgTable(
  "broadcast",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    botId: uuid("bot_id")
      .notNull()
      .references(() => bots.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The message: text with {{variables}}, format, buttons, media (lib/broadcasts). */
    message: jsonb("message").$type<Record<string, unknown>>().notNull(),
    /** The audience: a saved segment, or a filter of its own. */
    segmentId: uuid("segment_id").references(() => segments.id, { onDelete: "set null" }),
    filter: jsonb("filter").$type<SegmentFilter>().notNull().default({}),
    status: broadcastStatusEnum("status").notNull().default("draft"),
    /** Messages per second for this broadcast (Telegram's 30/s, up to 1000/s with paid broadcasts). */
    ratePerSecond: integer("rate_per_second").notNull().default(30),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Recipients when it started (the segment is evaluated once). */
    total: integer("total").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("broadcast_workspace_idx").on(t.workspaceId, t.createdAt),
    index("broadcast_due_idx")
      .on(t.scheduledAt)
      .where(sql`${t.status} = 'scheduled'`),
  ],
);

/** A tap on a broadcast's link or button, through the tracking redirect. */
export const broadcastClicks = pgTable(
  "broadcast_click",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    broadcastId: uuid("broadcast_id")
      .notNull()
      .references(() => broadcasts.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** Which button or link (its index in the message). */
    target: integer("target").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("broadcast_click_broadcast_idx").on(t.broadcastId, t.target)],
);

/**
 * A URL of the shop's that hears about what happens (order.paid, delivery.issued, …), signed
 * with HMAC-SHA256 under its own secret. Disabled automatically after repeated failures.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoint",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** AES-256-GCM (lib/crypto/secrets); shown once when created. */
    secretEncrypted: text("secret_encrypted").notNull(),
    events: text("events")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    enabled: boolean("enabled").notNull().default(true),
    /** Deliveries that failed for good in a row; reset by a success. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledReason: text("disabled_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoint_workspace_idx").on(t.workspaceId)],
);

export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", [
  "pending",
  "delivered",
  "failed",
]);

/** One event for one endpoint, retried with backoff for 24 hours: the delivery log. */
export const webhookDeliveries = pgTable(
  "webhook_delivery",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** order.paid, delivery.issued, … */
    event: text("event").notNull(),
    /** Unique per endpoint: the same happening is delivered once (e.g. "journal:<id>"). */
    dedupeKey: text("dedupe_key").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: webhookDeliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    /** Every attempt: when, the status code or error, how long it took. */
    log: jsonb("log")
      .$type<{ at: string; status: number | null; error: string | null; ms: number }[]>()
      .notNull()
      .default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_delivery_dedupe_uq").on(t.endpointId, t.dedupeKey),
    index("webhook_delivery_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("webhook_delivery_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);

export const contactFieldTypeEnum = pgEnum("contact_field_type", [
  "text",
  "number",
  "date",
  "boolean",
]);

/**
 * A custom field the shop keeps on its contacts (contact.fields holds the values as text), with
 * its type: the UI and the API check values against it.
 */
export const contactFields = pgTable(
  "contact_field",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The key in contact.fields and in templates: {{contact.fields.<name>}}. */
    name: text("name").notNull(),
    label: text("label").notNull(),
    type: contactFieldTypeEnum("type").notNull().default("text"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("contact_field_name_uq").on(t.workspaceId, t.name)],
);
