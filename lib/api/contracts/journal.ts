import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { timestamp } from "./common";

export const journalEntrySchema = z
  .object({
    id: z.number().int(),
    at: timestamp,
    actorType: z.enum(["user", "api_key", "system", "contact"]),
    actorId: z.string().nullable(),
    actorName: z.string().nullable().describe("The user's name or the API key's name, when known"),
    kind: z.string(),
    botId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    orderId: z.uuid().nullable(),
    subjectId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "JournalEntry" });

export const journalFilter = z.strictObject({
  kind: z
    .string()
    .max(100)
    .optional()
    .describe("Exact kind, or a prefix ending in '.' (e.g. 'order.')"),
  from: timestamp.optional().describe("Entries at or after this instant"),
  to: timestamp.optional().describe("Entries before this instant"),
  contactId: z.uuid().optional(),
  orderId: z.uuid().optional(),
});

export const listJournal = defineOperation({
  id: "listJournal",
  method: "GET",
  path: "/api/v1/journal",
  tag: "Journal",
  summary: "Search the journal, newest first",
  auth: "workspace",
  permission: "journal.read",
  query: journalFilter.extend({
    before: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe("Cursor: entries with a smaller id"),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  response: z.object({
    data: z.array(journalEntrySchema),
    nextCursor: z.number().int().nullable(),
    kinds: z.array(z.string()).describe("Every kind present in the workspace, for filters"),
  }),
});

export const exportJournal = defineOperation({
  id: "exportJournal",
  method: "GET",
  path: "/api/v1/journal/export",
  tag: "Journal",
  summary: "Export the filtered journal as CSV",
  auth: "workspace",
  permission: "journal.read",
  query: journalFilter,
  produces: "text/csv",
});
