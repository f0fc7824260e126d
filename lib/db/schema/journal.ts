import {
  bigserial,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "./accounts";

export const actorTypeEnum = pgEnum("journal_actor_type", ["user", "api_key", "system", "contact"]);

/**
 * Append-only record of everything that happened in a workspace. A database trigger (migration
 * 0001) rejects UPDATE, so an entry once written stays as written.
 * Subject columns are plain ids without foreign keys: the journal outlives what it describes.
 */
export const journal = pgTable(
  "journal",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorType: actorTypeEnum("actor_type").notNull(),
    actorId: text("actor_id"),
    kind: text("kind").notNull(),
    botId: uuid("bot_id"),
    contactId: uuid("contact_id"),
    orderId: uuid("order_id"),
    subjectId: text("subject_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("journal_workspace_at_idx").on(t.workspaceId, t.at),
    index("journal_workspace_kind_idx").on(t.workspaceId, t.kind, t.at),
    index("journal_contact_idx").on(t.contactId),
    index("journal_order_idx").on(t.orderId),
  ],
);
