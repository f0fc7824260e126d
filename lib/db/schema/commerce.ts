import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
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
import { workspaces } from "./accounts";
import { bots } from "./bots";
import { flowVersions } from "./flows";
import { contacts } from "./runtime";

export const productKindEnum = pgEnum("product_kind", [
  "file",
  "link",
  "license_key",
  "course",
  "channel",
  "subscription",
  "text",
]);

/**
 * Something a shop sells. Money is integer minor units plus an ISO code (lib/money/currency);
 * a product priced in XTR is sold for Telegram Stars inside Telegram, any other currency through
 * an external checkout (Stripe, YooKassa) or Telegram Payments.
 */
export const products = pgTable(
  "product",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    imageUrl: text("image_url"),
    priceMinor: bigint("price_minor", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    kind: productKindEnum("kind").notNull(),
    active: boolean("active").notNull().default(true),
    /** Units left to sell (license keys in a pool); null is unlimited. */
    stock: integer("stock"),
    /** For subscriptions: days between charges (Telegram Stars subscriptions are 30 days). */
    periodDays: integer("period_days"),
    /** YooKassa: send a 54-FZ receipt with the payment; the VAT code it carries. */
    fiscalReceipt: boolean("fiscal_receipt").notNull().default(false),
    vatCode: integer("vat_code").notNull().default(1),
    /** How the goods are delivered, as the delivery issue defines it per kind. */
    delivery: jsonb("delivery").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("product_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const paymentProviderKindEnum = pgEnum("payment_provider_kind", [
  "stripe",
  "yookassa",
  "telegram",
]);
export const paymentModeEnum = pgEnum("payment_mode", ["test", "live"]);

/**
 * A workspace's account with a payment provider. Stars need none (the bot itself is paid).
 * Secrets (API keys, webhook signing secrets, Telegram provider tokens) are one AES-256-GCM
 * encrypted JSON object and are never returned by the API; `settings` holds what is not secret.
 */
export const paymentProviders = pgTable(
  "payment_provider",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: paymentProviderKindEnum("kind").notNull(),
    mode: paymentModeEnum("mode").notNull().default("test"),
    secretsEncrypted: text("secrets_encrypted").notNull(),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("payment_provider_workspace_kind_uq").on(t.workspaceId, t.kind)],
);

export const orderProviderEnum = pgEnum("order_provider", [
  "stars",
  "telegram",
  "stripe",
  "yookassa",
]);

export const orderStatusEnum = pgEnum("order_status", [
  "created",
  "pending",
  "paid",
  "fulfilled",
  "failed",
  "canceled",
  "expired",
  "refunded",
]);

/**
 * One purchase. `status` is written only by lib/payments/orders/transition.ts, which journals
 * every change with its cause; the journal (order_id) is the order's timeline.
 */
export const orders = pgTable(
  "order",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    botId: uuid("bot_id").references(() => bots.id, { onDelete: "set null" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    /** The product's title and kind when ordered: the order reads the same if the product changes. */
    title: text("title").notNull(),
    productKind: productKindEnum("product_kind").notNull(),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    provider: orderProviderEnum("provider").notNull(),
    /** The workspace's provider account the order was created with (null for Stars). */
    providerAccountId: uuid("provider_account_id").references(() => paymentProviders.id, {
      onDelete: "set null",
    }),
    /** Test-mode orders are kept apart in revenue figures. */
    test: boolean("test").notNull().default(false),
    status: orderStatusEnum("status").notNull().default("created"),
    /** Stripe Checkout Session id, YooKassa payment id; null for Telegram invoices. */
    providerPaymentId: text("provider_payment_id"),
    /** What a refund needs: Stripe payment intent, YooKassa payment, telegram_payment_charge_id. */
    chargeId: text("charge_id"),
    /** Telegram Payments' provider_payment_charge_id, kept next to Telegram's own. */
    providerChargeId: text("provider_charge_id"),
    subscriptionId: text("subscription_id"),
    checkoutUrl: text("checkout_url"),
    /** The payment node that created the order and the session step it did so at. */
    flowVersionId: uuid("flow_version_id").references(() => flowVersions.id, {
      onDelete: "set null",
    }),
    nodeId: text("node_id"),
    /** The session step the payment node began waiting at: its outcome resumes exactly that wait. */
    sessionStep: integer("session_step"),
    /**
     * Deterministic per (contact, version, node, session step): re-processing the event that
     * reached the payment node finds this order instead of creating a second one.
     */
    idempotencyKey: text("idempotency_key").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    refundedAt: timestamp("refunded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("order_idempotency_uq").on(t.idempotencyKey),
    uniqueIndex("order_provider_payment_uq")
      .on(t.provider, t.providerPaymentId)
      .where(sql`${t.providerPaymentId} is not null`),
    index("order_workspace_created_idx").on(t.workspaceId, t.createdAt),
    // Revenue by day (lib/analytics) reads paid orders by when they were paid.
    index("order_workspace_paid_idx")
      .on(t.workspaceId, t.paidAt)
      .where(sql`${t.paidAt} is not null`),
    index("order_contact_idx").on(t.contactId),
    // Reconciliation scans orders still waiting for the provider.
    index("order_open_idx")
      .on(t.updatedAt)
      .where(sql`${t.status} in ('created', 'pending')`),
  ],
);

/**
 * Every provider event once: (provider, event id) is unique, so five deliveries of the same
 * webhook record one event and make one transition. Kept for the order's timeline.
 */
export const paymentEvents = pgTable(
  "payment_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    orderId: uuid("order_id").references(() => orders.id, { onDelete: "set null" }),
    provider: orderProviderEnum("provider").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payment_event_provider_event_uq").on(t.provider, t.eventId),
    index("payment_event_order_idx").on(t.orderId),
  ],
);
