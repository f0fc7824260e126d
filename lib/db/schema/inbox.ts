import {
  bigint,
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
 * Who answers a contact: the bot, nobody yet (waiting for an agent), an agent, or nobody any more
 * (an agent closed it; the bot answers the contact's next message).
 */
export const conversationStatusEnum = pgEnum("conversation_status", [
  "bot",
  "waiting",
  "assigned",
  "closed",
]);
export type ConversationStatus = (typeof conversationStatusEnum.enumValues)[number];

/**
 * The inbox's view of one contact: one row per contact, created with their first message. While
 * the status is waiting or assigned the bot stays quiet for that chat (lib/inbox).
 */
export const conversations = pgTable(
  "conversation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    botId: uuid("bot_id")
      .notNull()
      .references(() => bots.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    status: conversationStatusEnum("status").notNull().default("bot"),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    /** The open hand-off (waiting or assigned); null while the bot answers. */
    handoffId: uuid("handoff_id"),
    /** The contact's messages no agent has opened yet. */
    unread: integer("unread").notNull().default(0),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull().defaultNow(),
    /** The newest message's text, cut short, for the list. */
    lastMessageText: text("last_message_text").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("conversation_contact_uq").on(t.contactId),
    index("conversation_list_idx").on(t.workspaceId, t.status, t.lastMessageAt),
  ],
);

export const handoffSourceEnum = pgEnum("handoff_source", ["node", "command", "agent"]);
export const handoffResolutionEnum = pgEnum("handoff_resolution", ["released", "closed"]);

/**
 * One hand-off from the bot to a human, from the request to its release or close: the figures
 * behind first-response and resolution time per agent.
 */
export const handoffs = pgTable(
  "handoff",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    source: handoffSourceEnum("source").notNull(),
    /** The flow's note for agents (the handoff node's), shown in the thread. */
    note: text("note").notNull().default(""),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    /** The first agent message after the request. */
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolution: handoffResolutionEnum("resolution"),
  },
  (t) => [
    index("handoff_workspace_idx").on(t.workspaceId, t.requestedAt),
    index("handoff_conversation_idx").on(t.conversationId),
  ],
);

export const messageDirectionEnum = pgEnum("message_direction", ["in", "out"]);
export const messageAuthorEnum = pgEnum("message_author", ["contact", "bot", "agent"]);

/** One button as the contact saw it under a message (Telegram's InlineKeyboardButton). */
export interface MessageButton {
  text: string;
  url?: string;
  callback_data?: string;
}

/**
 * What the message carried besides its text: the keyboard under it, the button pressed, a shared
 * phone, a file.
 */
export interface MessageContent {
  buttons?: MessageButton[][];
  /** A button press: the callback data. */
  pressed?: string;
  phone?: string;
  file?: { name: string; telegramFileId?: string; mimeType?: string; size?: number };
  /** A Telegram method other than sendMessage that produced it (sendInvoice, sendDocument…). */
  method?: string;
}

/**
 * The conversation's history, both directions: the contact's messages and button presses as they
 * arrive, and what the bot and agents sent once Telegram accepted it (lib/jobs/sender.ts).
 */
export const messages = pgTable(
  "message",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    direction: messageDirectionEnum("direction").notNull(),
    author: messageAuthorEnum("author").notNull(),
    agentId: uuid("agent_id").references(() => users.id, { onDelete: "set null" }),
    text: text("text").notNull().default(""),
    content: jsonb("content").$type<MessageContent>().notNull().default({}),
    telegramMessageId: bigint("telegram_message_id", { mode: "number" }),
    /** The outbox row that sent it: recorded once however often the row is finished. */
    outboxId: bigint("outbox_id", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("message_contact_idx").on(t.contactId, t.id),
    uniqueIndex("message_outbox_uq").on(t.outboxId),
  ],
);

/** A saved answer agents insert in the composer; {{contact.*}} variables are filled on sending. */
export const cannedReplies = pgTable(
  "canned_reply",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("canned_reply_workspace_idx").on(t.workspaceId, t.title)],
);
