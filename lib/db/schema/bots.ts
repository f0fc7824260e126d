import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./accounts";

export const channelEnum = pgEnum("bot_channel", ["telegram"]);

export const bots = pgTable(
  "bot",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    channel: channelEnum("channel").notNull().default("telegram"),
    name: text("name").notNull(),
    /** Bot token, AES-256-GCM encrypted (lib/crypto/secrets). Never returned by the API. */
    tokenEncrypted: text("token_encrypted").notNull(),
    /** Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token; encrypted like the token. */
    webhookSecretEncrypted: text("webhook_secret_encrypted").notNull(),
    /** Cached getMe answer, so updates never call getMe. */
    telegramMe: jsonb("telegram_me").$type<{
      id: number;
      username: string;
      first_name: string;
    } | null>(),
    /** The webhook URL registered with Telegram; null while the bot is disconnected. */
    webhookUrl: text("webhook_url"),
    /** Hand-off to humans: texts, working hours, the staff chat (lib/inbox/settings.ts). */
    support: jsonb("support").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("bot_workspace_idx").on(t.workspaceId)],
);
