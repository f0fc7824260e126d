import { sql } from "drizzle-orm";
import {
  index,
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
import { contacts } from "./runtime";

/**
 * The funnel on the canvas: which contacts reached which node or took which edge of a
 * published version. One row per (version, item, contact), inserted with ON CONFLICT DO NOTHING
 * in the event's transaction: distinct counts without a hot counter row every chat would lock.
 * `item` is "n:<nodeId>" or "e:<edgeId>".
 * No foreign key to flow_version: every chat of a version would take a KEY SHARE lock on that one
 * row with each insert (multixacts on a hot row); deleteFlow removes a flow's hits instead.
 */
export const flowHits = pgTable(
  "flow_hit",
  {
    flowVersionId: uuid("flow_version_id").notNull(),
    item: text("item").notNull(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.flowVersionId, t.item, t.contactId] })],
);

export const incidentStatusEnum = pgEnum("incident_status", ["open", "resolved"]);

/**
 * Something wrong the owner is told about once when it starts and once when it ends (lib/alerts).
 * At most one open incident per (workspace, kind, subject): a condition that persists updates
 * `lastSeenAt` and sends nothing.
 */
export const incidents = pgTable(
  "incident",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** payment_stuck, telegram_webhook, delivery_failed, key_pool_low, outbox_backlog, … */
    kind: text("kind").notNull(),
    /** What it is about (a bot, product or order id); "" for the whole workspace. */
    subject: text("subject").notNull().default(""),
    status: incidentStatusEnum("status").notNull().default("open"),
    /** The figures at the last check, for the alert text and the page. */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("incident_open_uq")
      .on(t.workspaceId, t.kind, t.subject)
      .where(sql`${t.status} = 'open'`),
    index("incident_workspace_idx").on(t.workspaceId, t.openedAt),
  ],
);

/** Where a workspace's alerts go: a Telegram chat through one of its bots, and/or an email. */
export interface AlertSettings {
  botId?: string;
  chatId?: string;
  email?: string;
}

export const alertSettings = pgTable("alert_setting", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  settings: jsonb("settings").$type<AlertSettings>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
