import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users, workspaces, roleEnum } from "./accounts";

export const apiKeys = pgTable(
  "api_key",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The first characters of the key, shown in lists so owners can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key: API keys are 256-bit random, so a fast hash is enough. */
    keyHash: text("key_hash").notNull().unique(),
    role: roleEnum("role").notNull().default("admin"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_key_workspace_idx").on(t.workspaceId)],
);
