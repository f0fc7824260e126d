import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { contactFieldNameSchema, contactFieldTypes, tagSchema } from "@/lib/contacts/fields";
import { importContactsInput, importRowsFromCsv } from "@/lib/contacts/import-input";
import { segmentFilterSchema } from "@/lib/contacts/segment-filter";
import { idParams, timestamp } from "./common";

export const contactSortSchema = z.enum(["activity", "created", "name"]);

export const contactSchema = z
  .object({
    id: z.uuid(),
    bot: z.object({ id: z.uuid(), name: z.string(), username: z.string().nullable() }),
    telegramId: z.string().describe('The Telegram user id; "erased:<id>" once erased'),
    name: z.string().describe("First and last name as Telegram gave them"),
    firstName: z.string(),
    lastName: z.string().nullable(),
    username: z.string().nullable(),
    languageCode: z.string().nullable(),
    phone: z.string().nullable().describe("E.164"),
    externalId: z.string().nullable().describe("The shop's own id for this person"),
    tags: z.array(z.string()),
    fields: z.record(z.string(), z.string()).describe("Custom field values, as text"),
    startPayload: z.string().nullable().describe("The /start deep-link payload of the first visit"),
    blocked: z.boolean().describe("The person blocked the bot"),
    test: z.boolean().describe("Receives events sent in test mode"),
    timeZone: z.string().nullable().describe("IANA zone; null: the workspace's"),
    ordersCount: z.number().int(),
    createdAt: timestamp,
    lastActivityAt: timestamp.describe("The contact's last message or button press"),
    erasedAt: timestamp.nullable(),
  })
  .meta({ id: "Contact" });

export const contactDetailSchema = contactSchema
  .extend({ conversationId: z.uuid().nullable().describe("Open it in the inbox: /inbox?c=<id>") })
  .meta({ id: "ContactDetail" });

/** A filter in a query string: the segment filter as JSON. */
const filterParam = z
  .string()
  .max(8000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "Not JSON" });
      return z.NEVER;
    }
  })
  .pipe(segmentFilterSchema)
  .describe("The segment filter as JSON (the shape of Segment.filter)");

const listQuery = z.object({
  filter: filterParam.optional(),
  segmentId: z.uuid().optional().describe("A saved segment's filter instead of `filter`"),
  sort: contactSortSchema.default("activity"),
});

export const listContacts = defineOperation({
  id: "listContacts",
  method: "GET",
  path: "/api/v1/contacts",
  tag: "Contacts",
  summary: "List contacts in a filter",
  description:
    "Keyset-paged. `filter` is a JSON segment filter (tags, fields, purchases, activity, bot, language, blocked, test, linked, search); erased contacts are never listed. The first page (no cursor) also says how many contacts the filter selects.",
  auth: "workspace",
  permission: "contacts.read",
  query: listQuery.extend({
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  response: z.object({
    data: z.array(contactSchema),
    nextCursor: z.string().nullable(),
    total: z.number().int().nullable().describe("On the first page only"),
  }),
});

export const getContact = defineOperation({
  id: "getContact",
  method: "GET",
  path: "/api/v1/contacts/{id}",
  tag: "Contacts",
  summary: "Get a contact",
  auth: "workspace",
  permission: "contacts.read",
  params: idParams,
  response: contactDetailSchema,
});

export const updateContactInput = z.strictObject({
  tags: z.array(tagSchema).max(100).optional().describe("Replaces the tags"),
  addTags: z.array(tagSchema).max(100).optional(),
  removeTags: z.array(tagSchema).max(100).optional(),
  fields: z
    .record(z.string().max(100), z.string().max(500).nullable())
    .optional()
    .describe(
      "Declared custom fields only; null or an empty string clears one. number: 12.5; date: YYYY-MM-DD; boolean: true/false",
    ),
  test: z.boolean().optional(),
  timeZone: z.string().max(64).nullable().optional().describe("IANA zone; null: the workspace's"),
  phone: z.string().max(40).nullable().optional().describe("Owners and admins only"),
  externalId: z.string().max(200).nullable().optional().describe("Owners and admins only"),
});

export const updateContact = defineOperation({
  id: "updateContact",
  method: "PATCH",
  path: "/api/v1/contacts/{id}",
  tag: "Contacts",
  summary: "Edit tags, custom fields, the test flag and time zone",
  description:
    "Agents may edit tags, fields, the test flag and the time zone; phone and external id need contacts.manage. Journaled as contact.updated with the values before and after.",
  auth: "workspace",
  permission: "contacts.edit",
  params: idParams,
  body: updateContactInput,
  response: contactDetailSchema,
});

export const eraseContact = defineOperation({
  id: "eraseContact",
  method: "POST",
  path: "/api/v1/contacts/{id}/erase",
  tag: "Contacts",
  summary: "Erase a contact's personal data",
  description:
    'Irreversible. Removes the profile, tags, fields and messages; keeps orders with their amounts but anonymous. Send `{"confirm": "ERASE"}`. A later message from the same Telegram user starts a new contact.',
  auth: "workspace",
  permission: "contacts.manage",
  params: idParams,
  body: z.strictObject({ confirm: z.literal("ERASE") }),
  response: z.object({
    messages: z.number().int().describe("Messages deleted"),
    orders: z.number().int().describe("Orders anonymised"),
    deliveries: z.number().int(),
    events: z.number().int(),
  }),
});

export const contactTimelineItemSchema = z
  .discriminatedUnion("source", [
    z.object({
      source: z.literal("message"),
      id: z.string(),
      at: timestamp,
      direction: z.enum(["in", "out"]),
      author: z.enum(["contact", "bot", "agent"]),
      text: z.string(),
      content: z.record(z.string(), z.unknown()),
    }),
    z.object({
      source: z.literal("order"),
      id: z.string(),
      at: timestamp,
      orderId: z.uuid(),
      title: z.string(),
      status: z.string(),
      amountMinor: z.number().int(),
      currency: z.string(),
      test: z.boolean(),
    }),
    z.object({
      source: z.literal("delivery"),
      id: z.string(),
      at: timestamp,
      orderId: z.uuid(),
      method: z.string(),
      status: z.string(),
    }),
    z.object({
      source: z.literal("event"),
      id: z.string(),
      at: timestamp,
      type: z.string(),
      status: z.string(),
      test: z.boolean(),
    }),
    z.object({
      source: z.literal("journal"),
      id: z.string(),
      at: timestamp,
      kind: z.string(),
      actorType: z.string(),
      actorId: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ])
  .meta({ id: "ContactTimelineItem" });

export const contactTimeline = defineOperation({
  id: "contactTimeline",
  method: "GET",
  path: "/api/v1/contacts/{id}/timeline",
  tag: "Contacts",
  summary: "A contact's timeline, newest first",
  description:
    "Messages both ways, orders, deliveries, ERP events and journal entries (tag and field changes, blocks, links), merged and paged.",
  auth: "workspace",
  permission: "contacts.read",
  params: idParams,
  query: z.object({
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  response: z.object({
    data: z.array(contactTimelineItemSchema),
    nextCursor: z.string().nullable(),
  }),
});

export const exportContacts = defineOperation({
  id: "exportContacts",
  method: "GET",
  path: "/api/v1/contacts/export.csv",
  tag: "Contacts",
  summary: "Export contacts in a filter as CSV",
  description:
    "Columns: id, bot, telegram_id, first_name, last_name, username, phone, external_id, language, tags (separated by ; ), one column per custom field, blocked, created_at, last_activity_at. UTF-8 with a BOM. The same file can be edited and imported back.",
  auth: "workspace",
  permission: "contacts.manage",
  query: listQuery,
  produces: "text/csv",
});

export const importReportSchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    matched: z.number().int().describe("Contacts the rows found"),
    changed: z.number().int().describe("Contacts whose values change (or changed)"),
    errors: z.array(
      z.object({
        row: z.number().int().describe("The row in the file; the header is row 1"),
        column: z.string().optional(),
        message: z.string(),
      }),
    ),
    changes: z
      .array(
        z.object({
          row: z.number().int(),
          contactId: z.uuid(),
          name: z.string(),
          before: z.record(z.string(), z.unknown()),
          after: z.record(z.string(), z.unknown()),
        }),
      )
      .describe("The first 100 changes"),
  })
  .meta({ id: "ContactImportReport" });

export const importContacts = defineOperation({
  id: "importContacts",
  method: "POST",
  path: "/api/v1/contacts/import",
  tag: "Contacts",
  summary: "Update contacts from CSV (dry run first)",
  description:
    "Updates existing contacts only: each row finds its contact by id, else by telegram_id (optionally narrowed by bot), else by external_id, and sets tags, phone, external_id and custom fields (empty cells change nothing). Import cannot create contacts: a Telegram contact exists only once the person has written to the bot. `dryRun=true` reports what would change and every row's errors; applying refuses a file with errors (422) and otherwise writes it in one transaction.",
  auth: "workspace",
  permission: "contacts.manage",
  query: z.object({
    dryRun: z.enum(["true", "false"]).default("false").describe("true: report, change nothing"),
  }),
  body: importContactsInput,
  csvBody: {
    toBody: importRowsFromCsv,
    description:
      "A contacts export, edited: a header row, then one contact per row; , ; or tab separated",
  },
  response: importReportSchema,
});

export const segmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    filter: z.record(z.string(), z.unknown()).describe("A segment filter"),
    count: z.number().int().describe("Contacts it selects now"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Segment" });

const segmentName = z.string().trim().min(1).max(100);

export const listSegments = defineOperation({
  id: "listSegments",
  method: "GET",
  path: "/api/v1/contacts/segments",
  tag: "Contacts",
  summary: "List saved segments with their live counts",
  auth: "workspace",
  permission: "contacts.read",
  response: z.object({ data: z.array(segmentSchema) }),
});

export const createSegment = defineOperation({
  id: "createSegment",
  method: "POST",
  path: "/api/v1/contacts/segments",
  tag: "Contacts",
  summary: "Save a filter as a segment",
  auth: "workspace",
  permission: "contacts.manage",
  body: z.strictObject({ name: segmentName, filter: segmentFilterSchema }),
  response: segmentSchema,
  status: 201,
});

export const getSegment = defineOperation({
  id: "getSegment",
  method: "GET",
  path: "/api/v1/contacts/segments/{id}",
  tag: "Contacts",
  summary: "Get a saved segment",
  auth: "workspace",
  permission: "contacts.read",
  params: idParams,
  response: segmentSchema,
});

export const updateSegment = defineOperation({
  id: "updateSegment",
  method: "PATCH",
  path: "/api/v1/contacts/segments/{id}",
  tag: "Contacts",
  summary: "Rename a segment or change its filter",
  auth: "workspace",
  permission: "contacts.manage",
  params: idParams,
  body: z.strictObject({ name: segmentName.optional(), filter: segmentFilterSchema.optional() }),
  response: segmentSchema,
});

export const deleteSegment = defineOperation({
  id: "deleteSegment",
  method: "DELETE",
  path: "/api/v1/contacts/segments/{id}",
  tag: "Contacts",
  summary: "Delete a saved segment",
  auth: "workspace",
  permission: "contacts.manage",
  params: idParams,
  status: 204,
});

export const contactFieldSchema = z
  .object({
    id: z.uuid(),
    name: z.string().describe("The key in Contact.fields and templates: {{contact.fields.<name>}}"),
    label: z.string(),
    type: z.enum(contactFieldTypes),
    createdAt: timestamp,
  })
  .meta({ id: "ContactField" });

const fieldLabel = z.string().trim().min(1).max(100);

export const listContactFields = defineOperation({
  id: "listContactFields",
  method: "GET",
  path: "/api/v1/contacts/fields",
  tag: "Contacts",
  summary: "List custom contact fields",
  auth: "workspace",
  permission: "contacts.read",
  response: z.object({ data: z.array(contactFieldSchema) }),
});

export const createContactField = defineOperation({
  id: "createContactField",
  method: "POST",
  path: "/api/v1/contacts/fields",
  tag: "Contacts",
  summary: "Declare a custom contact field",
  description: "409 when the name is taken or is a built-in CSV column (phone, tags, …).",
  auth: "workspace",
  permission: "contacts.manage",
  body: z.strictObject({
    name: contactFieldNameSchema,
    label: fieldLabel,
    type: z.enum(contactFieldTypes).default("text"),
  }),
  response: contactFieldSchema,
  status: 201,
});

export const updateContactField = defineOperation({
  id: "updateContactField",
  method: "PATCH",
  path: "/api/v1/contacts/fields/{id}",
  tag: "Contacts",
  summary: "Change a custom field's label or type",
  description: "The name never changes. Stored values are not converted.",
  auth: "workspace",
  permission: "contacts.manage",
  params: idParams,
  body: z.strictObject({
    label: fieldLabel.optional(),
    type: z.enum(contactFieldTypes).optional(),
  }),
  response: contactFieldSchema,
});

export const deleteContactField = defineOperation({
  id: "deleteContactField",
  method: "DELETE",
  path: "/api/v1/contacts/fields/{id}",
  tag: "Contacts",
  summary: "Forget a custom field",
  description: "Values already on contacts stay (flows may read them) but can no longer be edited.",
  auth: "workspace",
  permission: "contacts.manage",
  params: idParams,
  status: 204,
});
