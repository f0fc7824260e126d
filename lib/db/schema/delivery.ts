import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
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
import { workspaces } from "./accounts";
import { bots } from "./bots";
import { orders, products } from "./commerce";
import { contacts } from "./runtime";

/**
 * A file a shop sells, stored under DATA_DIR/files or in S3-compatible storage (never under
 * public/). `telegramFileIds` remembers, per bot, the file_id Telegram gave the first upload,
 * so the same file is sent again without uploading it again.
 */
export const fileAssets = pgTable(
  "file_asset",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** "local" (DATA_DIR/files) or "s3". */
    storage: text("storage").notNull(),
    storageKey: text("storage_key").notNull(),
    telegramFileIds: jsonb("telegram_file_ids")
      .$type<Record<string, string>>()
      .notNull()
      .default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("file_asset_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const deliveryMethodEnum = pgEnum("delivery_method", [
  "one_time_link",
  "timed_link",
  "chat_file",
  "license_key",
  "channel",
  "course",
  "text",
]);

export const deliveryStatusEnum = pgEnum("delivery_status", [
  /** Being issued by a worker (a Telegram call, an LMS request). */
  "pending",
  "issued",
  /** Could not be issued (out of keys, the LMS refused, the bot is not a channel admin). */
  "failed",
  /** A download link past its time (the sweep in lib/delivery/expire.ts journals it). */
  "expired",
  "revoked",
]);

/**
 * The goods of one paid order, issued once: `order_id` is unique (an order holds one product),
 * so a replayed webhook, a retried job and two concurrent triggers all find the same row.
 * Download links keep only the sha256 of their 256-bit token; a use is counted atomically.
 */
export const deliveries = pgTable(
  "delivery",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    botId: uuid("bot_id").references(() => bots.id, { onDelete: "set null" }),
    method: deliveryMethodEnum("method").notNull(),
    status: deliveryStatusEnum("status").notNull(),
    fileId: uuid("file_id").references(() => fileAssets.id, { onDelete: "set null" }),
    /** sha256 (hex) of the download or access-page token; the token itself is never stored. */
    tokenHash: text("token_hash"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** Downloads allowed (one-time link: 1); null is unlimited until expiry. */
    maxUses: integer("max_uses"),
    uses: integer("uses").notNull().default(0),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** What the method issued or learned (the LMS's answer, the invite link, the failure). */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("delivery_order_uq").on(t.orderId),
    uniqueIndex("delivery_token_uq")
      .on(t.tokenHash)
      .where(sql`${t.tokenHash} is not null`),
    index("delivery_contact_idx").on(t.contactId, t.createdAt),
  ],
);

/**
 * A product's pool of license keys. A key goes to one order at most (`order_id` unique), taken
 * with FOR UPDATE SKIP LOCKED, so concurrent orders never share one.
 */
export const licenseKeys = pgTable(
  "license_key",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    orderId: uuid("order_id").references(() => orders.id, { onDelete: "set null" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("license_key_product_code_uq").on(t.productId, t.code),
    uniqueIndex("license_key_order_uq")
      .on(t.orderId)
      .where(sql`${t.orderId} is not null`),
    index("license_key_free_idx")
      .on(t.productId, t.id)
      .where(sql`${t.orderId} is null and ${t.revokedAt} is null`),
  ],
);

/**
 * Membership of a private channel or group bought with an order: a single-use invite link, the
 * Telegram user who joined with it, and when access ends (null: for good). A job removes the
 * member when the grant ends or is revoked, and reminds the buyer to renew before that.
 */
export const accessGrants = pgTable(
  "access_grant",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    botId: uuid("bot_id").references(() => bots.id, { onDelete: "set null" }),
    /** The channel or group (Telegram chat id). */
    chatId: text("chat_id").notNull(),
    inviteLink: text("invite_link"),
    /** The Telegram user who joined with the link. */
    memberUserId: text("member_user_id"),
    joinedAt: timestamp("joined_at", { withTimezone: true }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** The member was removed from the chat (ended or revoked). */
    removedAt: timestamp("removed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("access_grant_order_uq").on(t.orderId),
    uniqueIndex("access_grant_invite_uq")
      .on(t.inviteLink)
      .where(sql`${t.inviteLink} is not null`),
    index("access_grant_chat_idx").on(t.botId, t.chatId),
    index("access_grant_ends_idx")
      .on(t.endsAt)
      .where(sql`${t.removedAt} is null`),
  ],
);
