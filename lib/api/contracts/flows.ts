import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { flowDocumentSchema } from "@/lib/flow/document";
import { flowLocales } from "@/lib/flow/localizedText";
import { flowTemplateIds } from "@/lib/flow/templates/ids";
import {
  previewContactSchema,
  previewEventSchema,
  previewResultSchema,
  previewSessionSchema,
} from "@/lib/runtime/preview-schema";
import { idParams, timestamp } from "./common";

export const flowSchema = z
  .object({
    id: z.uuid(),
    botId: z.uuid(),
    name: z.string(),
    draftRevision: z.number().int(),
    publishedVersion: z.number().int().nullable().describe("Newest published version, if any"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Flow" });

const flowName = z.string().trim().min(1, "Name the flow").max(100);

export const listFlows = defineOperation({
  id: "listFlows",
  method: "GET",
  path: "/api/v1/flows",
  tag: "Flows",
  summary: "List flows, optionally of one bot",
  auth: "workspace",
  permission: "flows.read",
  query: z.strictObject({ botId: z.uuid().optional() }),
  response: z.object({ data: z.array(flowSchema) }),
});

export const createFlow = defineOperation({
  id: "createFlow",
  method: "POST",
  path: "/api/v1/flows",
  tag: "Flows",
  summary: "Create a flow for a bot (starts with a /start trigger, or from a template)",
  description:
    "With `template`, the draft is that starting template, its texts in `locale`; it publishes as created. Without it, the draft is a lone /start trigger.",
  auth: "workspace",
  permission: "flows.manage",
  body: z.strictObject({
    botId: z.uuid(),
    name: flowName,
    template: z.enum(flowTemplateIds).optional().describe("A starting template"),
    locale: z.enum(flowLocales).default("en").describe("The language of the template's texts"),
  }),
  response: z.object({ flow: flowSchema }),
  status: 201,
});

export const getFlow = defineOperation({
  id: "getFlow",
  method: "GET",
  path: "/api/v1/flows/{id}",
  tag: "Flows",
  summary: "Get a flow",
  auth: "workspace",
  permission: "flows.read",
  params: idParams,
  response: z.object({ flow: flowSchema }),
});

export const updateFlow = defineOperation({
  id: "updateFlow",
  method: "PATCH",
  path: "/api/v1/flows/{id}",
  tag: "Flows",
  summary: "Rename a flow",
  auth: "workspace",
  permission: "flows.manage",
  params: idParams,
  body: z.strictObject({ name: flowName }),
  response: z.object({ flow: flowSchema }),
});

export const deleteFlow = defineOperation({
  id: "deleteFlow",
  method: "DELETE",
  path: "/api/v1/flows/{id}",
  tag: "Flows",
  summary: "Delete a flow and its versions",
  auth: "workspace",
  permission: "flows.manage",
  params: idParams,
  status: 204,
});

const draftSchema = z
  .object({ document: flowDocumentSchema, revision: z.number().int(), updatedAt: timestamp })
  .meta({ id: "FlowDraft" });

export const getFlowDraft = defineOperation({
  id: "getFlowDraft",
  method: "GET",
  path: "/api/v1/flows/{id}/draft",
  tag: "Flows",
  summary: "The flow's draft document and its revision",
  auth: "workspace",
  permission: "flows.read",
  params: idParams,
  response: draftSchema,
});

export const saveFlowDraft = defineOperation({
  id: "saveFlowDraft",
  method: "PUT",
  path: "/api/v1/flows/{id}/draft",
  tag: "Flows",
  summary: "Replace the draft document",
  description:
    "`baseRevision` is the revision the edit started from; if the draft was saved since, the answer is 409 and nothing is written.",
  auth: "workspace",
  permission: "flows.manage",
  params: idParams,
  // The document is checked by parseFlowDocument (with format migrations), not here, so an
  // older format version is accepted and migrated.
  body: z.strictObject({ baseRevision: z.number().int().min(1), document: z.unknown() }),
  response: z.object({ revision: z.number().int(), updatedAt: timestamp }),
});

// No schema id of its own: the OpenAPI generator cannot reference a named schema nested in
// another named one (FlowVersion), so it is inlined there.
export const flowVersionChangesSchema = z.object({
  nodesAdded: z.number().int(),
  nodesRemoved: z.number().int(),
  nodesChanged: z
    .number()
    .int()
    .describe("Nodes whose type or settings changed (moves do not count)"),
  edgesChanged: z.number().int().describe("Connections added, removed or reconnected"),
  nodes: z
    .array(
      z.object({
        nodeId: z.string(),
        type: z.string(),
        change: z.enum(["added", "removed", "changed"]),
      }),
    )
    .describe("The first 20 changed nodes (added, then changed, then removed)"),
});

export const flowVersionSchema = z
  .object({
    n: z.number().int(),
    fromRevision: z.number().int(),
    publishedAt: timestamp,
    publishedBy: z.uuid().nullable(),
    publisher: z
      .object({ name: z.string(), email: z.string() })
      .nullable()
      .describe("The user who published it, unless that account was deleted"),
    changes: flowVersionChangesSchema
      .nullable()
      .describe(
        "What this version changed against the previous one (the first adds everything); null on versions published before summaries were kept",
      ),
  })
  .meta({ id: "FlowVersion" });

export const listFlowVersions = defineOperation({
  id: "listFlowVersions",
  method: "GET",
  path: "/api/v1/flows/{id}/versions",
  tag: "Flows",
  summary: "Published versions, newest first",
  auth: "workspace",
  permission: "flows.read",
  params: idParams,
  response: z.object({ data: z.array(flowVersionSchema) }),
});

const problemSchema = z.object({
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  message: z.object({ en: z.string(), ru: z.string() }),
});

export const publishFlow = defineOperation({
  id: "publishFlow",
  method: "POST",
  path: "/api/v1/flows/{id}/publish",
  tag: "Flows",
  summary: "Publish the draft as the next immutable version",
  description:
    "Refused with 422 (every error listed in `details`) while the draft has errors; warnings are returned but do not block. With `baseRevision`, a draft saved since is a 409.",
  auth: "workspace",
  permission: "flows.manage",
  params: idParams,
  body: z.strictObject({ baseRevision: z.number().int().min(1).optional() }),
  response: z.object({
    version: flowVersionSchema.omit({ publishedBy: true, publisher: true, changes: true }),
    warnings: z.array(problemSchema),
  }),
  status: 201,
});

export const versionParams = z.object({ id: z.uuid(), n: z.coerce.number().int().min(1) });

export const getFlowVersion = defineOperation({
  id: "getFlowVersion",
  method: "GET",
  path: "/api/v1/flows/{id}/versions/{n}",
  tag: "Flows",
  summary: "A published version's document",
  auth: "workspace",
  permission: "flows.read",
  params: versionParams,
  response: z.object({
    n: z.number().int(),
    fromRevision: z.number().int(),
    publishedAt: timestamp,
    document: flowDocumentSchema,
  }),
});

export const restoreFlowVersion = defineOperation({
  id: "restoreFlowVersion",
  method: "POST",
  path: "/api/v1/flows/{id}/versions/{n}/restore",
  tag: "Flows",
  summary: "Copy a published version into the draft (nothing is published)",
  auth: "workspace",
  permission: "flows.manage",
  params: versionParams,
  response: z.object({ revision: z.number().int() }),
});

export const previewFlow = defineOperation({
  id: "previewFlow",
  method: "POST",
  path: "/api/v1/flows/{id}/preview",
  tag: "Flows",
  summary: "Run one chat event through a draft document, sending and storing nothing",
  description:
    "The editor's preview chat. The caller keeps the conversation: it sends the document to run (unsaved edits included), the `session` and `contact` the previous answer returned (null and omitted to begin), and what the person did. The answer is the bot's messages as chat bubbles, notes for what is not a message (a timer, an http request it did not make, tag changes, warnings), and the new session and contact to send next time.",
  auth: "workspace",
  permission: "flows.read",
  params: idParams,
  body: z.strictObject({
    // Checked by parseSubmittedDocument (with format migrations), as a draft save is.
    document: z.unknown(),
    session: previewSessionSchema.nullable(),
    event: previewEventSchema,
    contact: previewContactSchema.optional(),
  }),
  response: previewResultSchema,
});

export const flowFunnelSchema = z
  .object({
    version: z
      .object({ id: z.uuid(), n: z.number().int(), publishedAt: timestamp })
      .nullable()
      .describe("The version counted; null while the flow was never published"),
    contacts: z.number().int().describe("Contacts that reached any node of the version"),
    nodes: z
      .array(
        z.object({
          nodeId: z.string(),
          reached: z.number().int().describe("Contacts whose path reached the node"),
          left: z
            .number()
            .int()
            .describe(
              "Reached it, followed none of its connections and are not waiting there: the path stopped here",
            ),
          waiting: z.number().int().describe("Sessions waiting at the node now"),
          exits: z
            .number()
            .int()
            .describe(
              "Connections leaving the node in the version; 0: paths end here (or go to another flow)",
            ),
        }),
      )
      .describe("Every node of the version's document, zeros where nobody came"),
    edges: z
      .array(z.object({ edgeId: z.string(), count: z.number().int() }))
      .describe("Every connection of the version: contacts that followed it"),
  })
  .meta({ id: "FlowFunnel" });

export const getFlowFunnel = defineOperation({
  id: "getFlowFunnel",
  method: "GET",
  path: "/api/v1/flows/{id}/funnel",
  tag: "Flows",
  summary: "How many contacts reached each node of a published version, and where they left",
  description:
    "Counts distinct contacts, each once however often they passed. `version` is a version's id or number; without it, the newest published version (`version: null` and empty lists while there is none). Nodes and connections of the draft that the version lacks are not listed.",
  auth: "workspace",
  permission: "flows.read",
  params: idParams,
  query: z.strictObject({
    version: z
      .union([z.uuid(), z.coerce.number().int().min(1)])
      .optional()
      .describe("A version id, or its number (1, 2, …)"),
  }),
  response: flowFunnelSchema,
});
