import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users, workspaces } from "./accounts";
import { bots } from "./bots";

/**
 * A bot's flow: the draft the owner edits, and a counter of its saves. The runtime never reads
 * the draft; it runs flow_version rows only.
 */
export const flows = pgTable(
  "flow",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    botId: uuid("bot_id")
      .notNull()
      .references(() => bots.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The flow document (lib/flow/document.ts), stored as the editor last saved it. */
    draft: jsonb("draft").$type<unknown>().notNull(),
    /** Incremented by every save; a save names the revision it started from (optimistic lock). */
    draftRevision: integer("draft_revision").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("flow_workspace_idx").on(t.workspaceId), index("flow_bot_idx").on(t.botId)],
);

/** What a version changed against the one before it (the first: everything added). */
export interface FlowVersionChanges {
  nodesAdded: number;
  nodesRemoved: number;
  /** Type or config changed; moves on the canvas alone do not count. */
  nodesChanged: number;
  /** Connections added, removed or reconnected. */
  edgesChanged: number;
  /** The first few changed nodes, for a readable list; the counts are the whole story. */
  nodes: { nodeId: string; type: string; change: "added" | "removed" | "changed" }[];
}

/** An immutable published document. Sessions stay pinned to the version they started on. */
export const flowVersions = pgTable(
  "flow_version",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    flowId: uuid("flow_id")
      .notNull()
      .references(() => flows.id, { onDelete: "cascade" }),
    n: integer("n").notNull(),
    document: jsonb("document").$type<unknown>().notNull(),
    /** The draft revision that was published, so the editor can tell "unpublished changes". */
    fromRevision: integer("from_revision").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    /** Null on versions published before summaries were kept. */
    changes: jsonb("changes").$type<FlowVersionChanges>(),
  },
  (t) => [uniqueIndex("flow_version_flow_n_key").on(t.flowId, t.n)],
);
