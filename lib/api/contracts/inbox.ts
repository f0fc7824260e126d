import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { FILE_NAME_HEADER, fileNameSchema } from "@/lib/files/input";
import { fitsQuickReply } from "@/lib/inbox/quick-replies";
import { orderStatusSchema } from "./orders";
import { idParams, timestamp } from "./common";

export const conversationFilters = ["waiting", "mine", "unassigned", "all", "closed"] as const;
export const conversationFilterSchema = z.enum(conversationFilters);
export const conversationStatusSchema = z.enum(["bot", "waiting", "assigned", "closed"]);

const userRef = z.object({ id: z.uuid(), name: z.string() });

export const conversationSummarySchema = z
  .object({
    id: z.uuid(),
    status: conversationStatusSchema.describe(
      "bot: the bot answers; waiting: asked for a human, nobody took it yet; assigned: an agent holds it (the bot is silent); closed: an agent ended it",
    ),
    unread: z.number().int().describe("The contact's messages no agent has opened yet"),
    lastMessageAt: timestamp,
    lastMessageText: z.string().describe("The newest message's text, cut short"),
    waitingSince: timestamp.nullable().describe("When the open hand-off was requested"),
    assignee: userRef.nullable(),
    bot: z.object({ id: z.uuid(), name: z.string() }),
    contact: z.object({
      id: z.uuid(),
      name: z.string().describe("First and last name as Telegram gave them"),
      username: z.string().nullable(),
      phone: z.string().nullable(),
      blocked: z.boolean().describe("The contact blocked the bot: nothing can be sent"),
    }),
  })
  .meta({ id: "ConversationSummary" });

const filterCount = z.object({
  total: z.number().int(),
  unread: z.number().int().describe("Conversations with unread messages"),
});

export const listConversations = defineOperation({
  id: "listConversations",
  method: "GET",
  path: "/api/v1/conversations",
  tag: "Inbox",
  summary: "List conversations, newest message first",
  description:
    "`filter`: waiting (asked for a human), unassigned (waiting and nobody took it), mine (held by the caller), closed, or all. `q` searches the contact's name, username and phone and the text of every message. `counts` are per filter, for the tabs' badges, and ignore `q`.",
  auth: "workspace",
  permission: "inbox.use",
  query: z.strictObject({
    filter: conversationFilterSchema.default("all"),
    q: z.string().trim().max(200).optional(),
    cursor: z.string().max(200).optional().describe("nextCursor from the previous page"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  response: z.object({
    data: z.array(conversationSummarySchema),
    nextCursor: z.string().nullable(),
    counts: z.object({
      waiting: filterCount,
      unassigned: filterCount,
      mine: filterCount,
      all: filterCount,
      closed: filterCount,
    }),
  }),
});

const localized = z.object({ en: z.string(), ru: z.string() });

export const flowNodeRefSchema = z.object({
  id: z.string(),
  type: z.string(),
  label: localized.describe("The node type's name"),
  summary: localized.describe("What this node does, as the canvas shows it"),
});

export const getConversation = defineOperation({
  id: "getConversation",
  method: "GET",
  path: "/api/v1/conversations/{id}",
  tag: "Inbox",
  summary: "Get a conversation with its contact card",
  description:
    "The contact (fields, tags, phone, language, where they came from), their latest orders, where they are in the flow and the open hand-off.",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  response: z.object({
    conversation: conversationSummarySchema,
    contact: z.object({
      id: z.uuid(),
      firstName: z.string(),
      lastName: z.string().nullable(),
      username: z.string().nullable(),
      phone: z.string().nullable(),
      languageCode: z.string().nullable(),
      externalId: z.string().nullable(),
      tags: z.array(z.string()),
      fields: z.record(z.string(), z.string()),
      startPayload: z.string().nullable().describe("The /start payload of the first contact"),
      blocked: z.boolean(),
      telegramId: z.string(),
      createdAt: timestamp,
    }),
    orders: z
      .array(
        z.object({
          id: z.uuid(),
          title: z.string(),
          status: orderStatusSchema,
          amountMinor: z.number().int(),
          currency: z.string(),
          test: z.boolean(),
          createdAt: timestamp,
        }),
      )
      .describe("The newest 20"),
    session: z
      .object({
        flowId: z.uuid().nullable(),
        flowName: z.string().nullable(),
        node: flowNodeRefSchema.nullable().describe("The node the flow waits on"),
        waiting: z.string().nullable().describe("What it waits for: answer, buttons, handoff…"),
        updatedAt: timestamp,
      })
      .nullable()
      .describe("null: no flow has run for this contact"),
    handoff: z
      .object({
        id: z.uuid(),
        source: z.enum(["node", "command", "agent"]),
        note: z.string().describe("The handoff node's note for agents"),
        requestedAt: timestamp,
        assignedAt: timestamp.nullable(),
      })
      .nullable()
      .describe("The open hand-off, while waiting or assigned"),
  }),
});

export const messageButtonSchema = z.object({
  text: z.string(),
  url: z.string().optional(),
  callback_data: z.string().optional(),
});

export const inboxMessageSchema = z
  .object({
    id: z.number().int(),
    direction: z.enum(["in", "out"]),
    author: z.enum(["contact", "bot", "agent"]),
    agent: userRef.nullable().describe("Who wrote an agent's message"),
    text: z.string(),
    buttons: z
      .array(z.array(messageButtonSchema))
      .nullable()
      .describe("The inline keyboard the contact saw under the message"),
    pressed: z
      .object({
        data: z.string().describe("The button's callback data"),
        label: z.string().nullable().describe("The pressed button's text, when it is known"),
      })
      .nullable()
      .describe("A button press"),
    phone: z.string().nullable().describe("A shared phone number"),
    file: z
      .object({
        name: z.string(),
        mimeType: z.string().optional(),
        size: z.number().optional(),
      })
      .nullable(),
    method: z.string().nullable().describe("The Bot API method for anything but sendMessage"),
    createdAt: timestamp,
  })
  .meta({ id: "InboxMessage" });

export const listConversationMessages = defineOperation({
  id: "listConversationMessages",
  method: "GET",
  path: "/api/v1/conversations/{id}/messages",
  tag: "Inbox",
  summary: "The conversation's messages, both ways",
  description:
    "Oldest first within a page; the first page is the newest messages. Pass `nextBefore` as `before` for older ones. A button press carries the pressed button's label, found in the latest earlier message that showed it.",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  query: z.strictObject({
    before: z.coerce.number().int().positive().optional().describe("Messages older than this id"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  response: z.object({
    data: z.array(inboxMessageSchema),
    nextBefore: z.number().int().nullable().describe("null: this is the beginning"),
  }),
});

export const takeConversation = defineOperation({
  id: "takeConversation",
  method: "POST",
  path: "/api/v1/conversations/{id}/take",
  tag: "Inbox",
  summary: "Take a conversation: the bot stops answering this chat",
  description:
    "Held by another agent: 409, unless `takeOver`. Needs a signed-in member (an API key is refused with 403).",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  body: z.strictObject({
    takeOver: z.boolean().default(false).describe("Take it from the agent who holds it"),
  }),
  response: z.object({ conversation: conversationSummarySchema }),
});

export const replyButtonSchema = z
  .strictObject({
    text: z.string().trim().min(1, "Name the button").max(64),
    url: z
      .url({ protocol: /^https?$/, error: "An http(s) address" })
      .max(2048)
      .optional()
      .describe("A link button; without it, a quick reply whose press comes back as the text"),
  })
  .refine((b) => b.url !== undefined || fitsQuickReply(b.text), {
    message: "Too long for a quick reply (at most 62 bytes)",
    path: ["text"],
  });

export const replyInput = z.strictObject({
  text: z.string().trim().min(1, "Write a message").max(4096),
  clientKey: z
    .string()
    .min(1)
    .max(100)
    .describe("Any id the client makes per message: a retried request sends it once"),
  buttons: z.array(replyButtonSchema).max(10).optional(),
});

export const replyToConversation = defineOperation({
  id: "replyToConversation",
  method: "POST",
  path: "/api/v1/conversations/{id}/reply",
  tag: "Inbox",
  summary: "Send the contact a message as the agent",
  description:
    "Queued through the outbox, within Telegram's limits, before broadcast traffic; it appears in the thread when Telegram accepted it. {{contact.first_name}} and the other contact variables are filled in. Replying takes the conversation if nobody holds it; 409 when another agent does or the contact blocked the bot. `queued: false`: this `clientKey` was sent before.",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  body: replyInput,
  response: z.object({ queued: z.boolean() }),
  status: 202,
});

export const releaseConversation = defineOperation({
  id: "releaseConversation",
  method: "POST",
  path: "/api/v1/conversations/{id}/release",
  tag: "Inbox",
  summary: "Hand the conversation back to the bot",
  description:
    "At `nodeId` of flow `flowId` (see release-targets), or, without them, where the flow waited (a handoff node continues at its `released` outcome). 409 when the bot has it already.",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  body: z.strictObject({
    flowId: z.uuid().nullable().optional(),
    nodeId: z.string().min(1).max(128).nullable().optional(),
  }),
  response: z.object({ queued: z.number().int().describe("Messages the bot queued") }),
});

export const closeConversation = defineOperation({
  id: "closeConversation",
  method: "POST",
  path: "/api/v1/conversations/{id}/close",
  tag: "Inbox",
  summary: "Close the conversation",
  description: "No flow continues; the bot answers the contact's next message as a new one.",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  status: 204,
});

export const markConversationRead = defineOperation({
  id: "markConversationRead",
  method: "POST",
  path: "/api/v1/conversations/{id}/read",
  tag: "Inbox",
  summary: "Mark the conversation read",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  status: 204,
});

export const getReleaseTargets = defineOperation({
  id: "getReleaseTargets",
  method: "GET",
  path: "/api/v1/conversations/{id}/release-targets",
  tag: "Inbox",
  summary: "Where the conversation can be handed back",
  description:
    "The bot's published flows (newest versions) with their nodes, triggers left out, and the node the contact's flow waits on.",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  response: z.object({
    waiting: z
      .object({
        flowId: z.uuid().nullable(),
        flowName: z.string().nullable(),
        node: flowNodeRefSchema,
      })
      .nullable()
      .describe("Where the flow waits: a release without a target continues there"),
    flows: z.array(z.object({ id: z.uuid(), name: z.string(), nodes: z.array(flowNodeRefSchema) })),
  }),
});

export const sendConversationFile = defineOperation({
  id: "sendConversationFile",
  method: "POST",
  path: "/api/v1/conversations/{id}/files",
  tag: "Inbox",
  summary: "Send the contact a file as the agent",
  description:
    "The body is the file's bytes (no multipart), like POST /api/v1/files: `Content-Type` and `X-File-Name`. At most 50 MB (Telegram's upload limit) or the server's MAX_UPLOAD_MB. It is stored, queued and sent as a document; it appears in the thread when Telegram accepted it.",
  auth: "workspace",
  permission: "inbox.use",
  params: idParams,
  rawBody: {
    description: "The file's bytes",
    headers: z.object({ [FILE_NAME_HEADER]: fileNameSchema }),
  },
  response: z.object({
    file: z.object({ id: z.uuid(), name: z.string(), size: z.number().int() }),
  }),
  status: 202,
});

export const inboxStream = defineOperation({
  id: "inboxStream",
  method: "GET",
  path: "/api/v1/inbox/stream",
  tag: "Inbox",
  summary: "Live changes to the workspace's conversations (Server-Sent Events)",
  description:
    'text/event-stream: one `data: {"conversationId": "…"}` event per committed change (a message in or out, a hand-off, an agent\'s action), and a comment every 15 seconds. Reload what the event names.',
  auth: "workspace",
  permission: "inbox.use",
  produces: "text/event-stream",
});

export const cannedReplySchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    text: z.string().describe("May use {{contact.first_name}} and other contact variables"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "CannedReply" });

export const cannedReplyInput = z.strictObject({
  title: z.string().trim().min(1, "Name the reply").max(100),
  text: z.string().trim().min(1, "Write the reply").max(4096),
});

export const listCannedReplies = defineOperation({
  id: "listCannedReplies",
  method: "GET",
  path: "/api/v1/canned-replies",
  tag: "Inbox",
  summary: "List canned replies",
  auth: "workspace",
  permission: "inbox.use",
  response: z.object({ data: z.array(cannedReplySchema) }),
});

export const createCannedReply = defineOperation({
  id: "createCannedReply",
  method: "POST",
  path: "/api/v1/canned-replies",
  tag: "Inbox",
  summary: "Add a canned reply",
  auth: "workspace",
  permission: "inbox.manage",
  body: cannedReplyInput,
  response: z.object({ reply: cannedReplySchema }),
  status: 201,
});

export const updateCannedReply = defineOperation({
  id: "updateCannedReply",
  method: "PATCH",
  path: "/api/v1/canned-replies/{id}",
  tag: "Inbox",
  summary: "Change a canned reply",
  auth: "workspace",
  permission: "inbox.manage",
  params: idParams,
  body: cannedReplyInput.partial(),
  response: z.object({ reply: cannedReplySchema }),
});

export const deleteCannedReply = defineOperation({
  id: "deleteCannedReply",
  method: "DELETE",
  path: "/api/v1/canned-replies/{id}",
  tag: "Inbox",
  summary: "Delete a canned reply",
  auth: "workspace",
  permission: "inbox.manage",
  params: idParams,
  status: 204,
});
