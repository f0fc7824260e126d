import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "./accounts";
import { bots } from "./bots";
import { flowVersions } from "./flows";

/**
 * A person who talked to a bot. One row per (bot, Telegram user); created on first contact.
 * `fields` are the shop's own custom fields; `tags` are labels the flow or an agent set.
 */
export const contacts = pgTable(
  "contact",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    botId: uuid("bot_id")
      .notNull()
      .references(() => bots.id, { onDelete: "cascade" }),
    /** The Telegram user id (also the private chat id), as text: ids exceed 2^31. */
    channelUserId: text("channel_user_id").notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name"),
    username: text("username"),
    languageCode: text("language_code"),
    phone: text("phone"),
    /** The shop's own id for this person (an ERP customer id), set through the API. */
    externalId: text("external_id"),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    fields: jsonb("fields").$type<Record<string, string>>().notNull().default({}),
    /** The /start deep-link payload of the first contact: where this buyer came from. */
    startPayload: text("start_payload"),
    /** Telegram answered 403: the person blocked the bot. Nothing more is sent. */
    blocked: boolean("blocked").notNull().default(false),
    /** An IANA zone for dates and times in messages; null: the workspace's. */
    timeZone: text("time_zone"),
    /** Receives events sent in test mode (and nothing else of them reaches real customers). */
    test: boolean("test").notNull().default(false),
    /** Erased on request: personal data removed, orders kept anonymous (lib/contacts). */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("contact_bot_user_uq").on(t.botId, t.channelUserId),
    // The workspace's contacts, and new contacts per period (lib/analytics).
    index("contact_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);

/**
 * Where a contact is in a flow. One row per contact and bot: the row is locked (FOR UPDATE)
 * while an event for that chat is processed, which serialises one chat's updates while other
 * chats run in parallel. Pinned to the flow version it started on.
 */
export const sessions = pgTable(
  "session",
  {
    contactId: uuid("contact_id")
      .primaryKey()
      .references(() => contacts.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    botId: uuid("bot_id")
      .notNull()
      .references(() => bots.id, { onDelete: "cascade" }),
    /** Null when no flow is running for this contact. */
    flowVersionId: uuid("flow_version_id").references(() => flowVersions.id, {
      onDelete: "set null",
    }),
    /** The node the session waits on (ask, buttons, wait, handoff), or null. */
    nodeId: text("node_id"),
    /** What the node waits for, as the interpreter wrote it (lib/runtime/types.ts). */
    waitingFor: jsonb("waiting_for").$type<unknown>(),
    /** Flow variables ({{flow.*}}). */
    variables: jsonb("variables").$type<Record<string, unknown>>().notNull().default({}),
    /** Bumped by every commit: timers carry it, so a stale timer does nothing. */
    step: integer("step").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("session_bot_idx").on(t.botId)],
);

/**
 * Every inbound event once: (source, external id) is the dedupe key for Telegram updates,
 * payment webhooks, timers and ERP events. A second delivery finds its row and stops.
 */
export const inboundEvents = pgTable(
  "inbound_event",
  {
    source: text("source").notNull(),
    externalId: text("external_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.externalId] })],
);

export const outboxStatusEnum = pgEnum("outbox_status", ["pending", "sent", "failed", "cancelled"]);

/**
 * Work the runtime decided on, written in the same transaction as the state change that caused
 * it (transactional outbox), then done by the workers (lib/jobs). The idempotency key is
 * deterministic, so re-processing the same event cannot queue the same message twice.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    botId: uuid("bot_id").references(() => bots.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    /** "telegram" (a Bot API call), "timer" (resume a session), … */
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** Lower goes first: replies in a live conversation (0) before broadcasts (10). */
    priority: integer("priority").notNull().default(0),
    /** The Telegram chat whose limits apply (private: 1/s; group: 20/min). */
    chatId: text("chat_id"),
    status: outboxStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    notBefore: timestamp("not_before", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    /** What caused the row ("event:<id>"), for asking later what became of it. */
    cause: text("cause"),
    /** What the API answered (e.g. the sent message's id). */
    result: jsonb("result").$type<unknown>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_idempotency_uq").on(t.idempotencyKey),
    index("outbox_cause_idx")
      .on(t.cause)
      .where(sql`${t.cause} is not null`),
    index("outbox_due_idx")
      .on(t.priority, t.notBefore)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * Token buckets for Telegram's send limits, shared by all processes: one row per key ("bot:…",
 * "chat:…"). A send takes a token if one has refilled (lib/jobs/limits.ts).
 */
export const sendLimits = pgTable("send_limit", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
