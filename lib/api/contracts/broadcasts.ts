import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import {
  broadcastInputSchema,
  broadcastMessageSchema,
  maxBroadcastRate,
} from "@/lib/broadcasts/message";
import { segmentFilterSchema } from "@/lib/contacts/segments";
import { idParams, timestamp } from "./common";

const tag = "Broadcasts";

export const broadcastProgressSchema = z.object({
  pending: z.int(),
  sent: z.int(),
  failed: z.int(),
  blocked: z.int().describe("The recipient had blocked the bot (Telegram's 403)"),
  cancelled: z.int(),
});

export const broadcastSchema = z
  .object({
    id: z.uuid(),
    botId: z.uuid(),
    name: z.string(),
    message: broadcastMessageSchema,
    segmentId: z.uuid().nullable(),
    segmentName: z.string().nullable(),
    filter: z.record(z.string(), z.unknown()),
    status: z.enum(["draft", "scheduled", "sending", "paused", "completed", "cancelled"]),
    ratePerSecond: z.int(),
    paid: z.boolean().describe("Sent as Telegram paid broadcasts (above 30 messages a second)"),
    scheduledAt: timestamp.nullable(),
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
    total: z.int().describe("Recipients when it started"),
    progress: broadcastProgressSchema,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Broadcast" });

export const broadcastClicksSchema = z.array(
  z.object({
    index: z.int(),
    kind: z.enum(["button", "link"]),
    label: z.string(),
    url: z.string(),
    clicks: z.int(),
    people: z.int().describe("Different recipients who tapped"),
  }),
);

export const listBroadcasts = defineOperation({
  id: "listBroadcasts",
  method: "GET",
  path: "/api/v1/broadcasts",
  tag,
  summary: "List broadcasts, newest first, with their progress",
  auth: "workspace",
  permission: "broadcasts.manage",
  response: z.object({ data: z.array(broadcastSchema) }),
});

export const createBroadcast = defineOperation({
  id: "createBroadcast",
  method: "POST",
  path: "/api/v1/broadcasts",
  tag,
  summary: "Create a draft broadcast",
  description:
    "The text may use {{contact.first_name}}-style variables, rendered for each recipient when it starts. The audience is a saved segment or a filter; contacts who blocked the bot are never in it.",
  auth: "workspace",
  permission: "broadcasts.manage",
  body: broadcastInputSchema,
  response: z.object({ broadcast: broadcastSchema }),
  status: 201,
});

export const getBroadcast = defineOperation({
  id: "getBroadcast",
  method: "GET",
  path: "/api/v1/broadcasts/{id}",
  tag,
  summary: "A broadcast, its progress and the taps on its buttons and links",
  auth: "workspace",
  permission: "broadcasts.manage",
  params: idParams,
  response: z.object({ broadcast: broadcastSchema, clicks: broadcastClicksSchema }),
});

export const updateBroadcast = defineOperation({
  id: "updateBroadcast",
  method: "PATCH",
  path: "/api/v1/broadcasts/{id}",
  tag,
  summary: "Change a draft or scheduled broadcast",
  auth: "workspace",
  permission: "broadcasts.manage",
  params: idParams,
  body: broadcastInputSchema.partial(),
  response: z.object({ broadcast: broadcastSchema }),
});

export const deleteBroadcast = defineOperation({
  id: "deleteBroadcast",
  method: "DELETE",
  path: "/api/v1/broadcasts/{id}",
  tag,
  summary: "Delete a broadcast that has not started",
  auth: "workspace",
  permission: "broadcasts.manage",
  params: idParams,
  status: 204,
});

export const startBroadcast = defineOperation({
  id: "startBroadcast",
  method: "POST",
  path: "/api/v1/broadcasts/{id}/start",
  tag,
  summary: "Send a broadcast now, or schedule it",
  description:
    "Without `at` (or with a time already past) it starts now: the audience is evaluated once and each recipient's message is queued, paced at the broadcast's rate. With a future `at` it is scheduled. 409 when it already started or nobody is in the audience.",
  auth: "workspace",
  permission: "broadcasts.manage",
  params: idParams,
  body: z.strictObject({ at: timestamp.nullable().optional() }),
  response: z.object({ broadcast: broadcastSchema }),
});

const control = (action: "pause" | "resume" | "cancel", summary: string) =>
  defineOperation({
    id: `${action}Broadcast`,
    method: "POST",
    path: `/api/v1/broadcasts/{id}/${action}`,
    tag,
    summary,
    auth: "workspace",
    permission: "broadcasts.manage",
    params: idParams,
    response: z.object({ broadcast: broadcastSchema }),
  });

export const pauseBroadcast = control("pause", "Pause a sending broadcast");
export const resumeBroadcast = control("resume", "Resume a paused broadcast");
export const cancelBroadcast = control(
  "cancel",
  "Cancel a scheduled, sending or paused broadcast (recipients not reached yet get nothing)",
);

export const audienceInputSchema = z.strictObject({
  botId: z.uuid(),
  segmentId: z.uuid().nullable().optional(),
  filter: segmentFilterSchema.default({}),
  search: z.string().trim().max(100).optional().describe("Find a contact for the preview"),
});

export const describeBroadcastAudience = defineOperation({
  id: "describeBroadcastAudience",
  method: "POST",
  path: "/api/v1/broadcasts/audience",
  tag,
  summary: "How many contacts an audience reaches now, and some of them",
  auth: "workspace",
  permission: "broadcasts.manage",
  body: audienceInputSchema,
  response: z.object({
    count: z.int(),
    contacts: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        username: z.string().nullable(),
        languageCode: z.string().nullable(),
      }),
    ),
  }),
});

export const previewBroadcast = defineOperation({
  id: "previewBroadcast",
  method: "POST",
  path: "/api/v1/broadcasts/preview",
  tag,
  summary: "The message as one real contact would get it (nothing is sent)",
  auth: "workspace",
  permission: "broadcasts.manage",
  body: z.strictObject({
    botId: z.uuid(),
    contactId: z.uuid(),
    message: broadcastMessageSchema,
    ratePerSecond: z.int().min(1).max(maxBroadcastRate).optional(),
  }),
  response: z.object({
    call: z.object({
      method: z.enum(["sendMessage", "sendPhoto"]),
      params: z.record(z.string(), z.unknown()),
    }),
  }),
});

export const listBroadcastSegments = defineOperation({
  id: "listBroadcastSegments",
  method: "GET",
  path: "/api/v1/broadcasts/segments",
  tag,
  summary: "The saved segments a broadcast can address",
  auth: "workspace",
  permission: "broadcasts.manage",
  response: z.object({
    data: z.array(
      z.object({ id: z.uuid(), name: z.string(), filter: z.record(z.string(), z.unknown()) }),
    ),
  }),
});
