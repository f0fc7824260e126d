import { z } from "zod";

/**
 * What the editor's preview sends and gets back (POST /api/v1/flows/{id}/preview). The server
 * keeps nothing: the browser holds the session and the preview contact and sends them with each
 * event, so these schemas are the whole state of a preview conversation.
 */

const nodeId = z.string().min(1).max(200);
const since = z.int().min(0);

export const previewWaitingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("buttons"), nodeId, since }),
  z.object({
    kind: z.literal("catalog"),
    nodeId,
    since,
    productIds: z.array(z.string().max(100)).max(100),
  }),
  z.object({ kind: z.literal("answer"), nodeId, since, attempts: z.int().min(0) }),
  z.object({ kind: z.literal("faq"), nodeId, since }),
  z.object({ kind: z.literal("contact"), nodeId, since }),
  z.object({ kind: z.literal("timer"), nodeId, since, due: z.number() }),
  z.object({ kind: z.literal("http"), nodeId, since }),
  z.object({ kind: z.literal("payment"), nodeId, since, due: z.number() }),
  z.object({ kind: z.literal("deliver"), nodeId, since }),
  z.object({ kind: z.literal("handoff"), nodeId, since }),
]);

export const previewSessionSchema = z.object({
  flowVersionId: z.string().max(100).nullable(),
  nodeId: nodeId.nullable(),
  waitingFor: previewWaitingSchema.nullable(),
  variables: z.record(z.string(), z.unknown()),
  step: z.int().min(0),
});

/** What the preview user does: the subset of runtime events a person in a chat can cause. */
export const previewEventSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("message"), text: z.string().max(4096) }),
  z.strictObject({ kind: z.literal("callback"), data: z.string().min(1).max(512) }),
  z
    .strictObject({ kind: z.literal("contact"), phone: z.string().min(3).max(32) })
    .describe("Shares a phone number as the person's own contact"),
  z
    .strictObject({ kind: z.literal("timer"), nodeId, since })
    .describe("Skips a wait: the timer the session set comes due now"),
  z
    .strictObject({
      kind: z.literal("http_result"),
      nodeId,
      since,
      ok: z.boolean(),
      status: z.int().min(100).max(599).optional(),
      body: z.unknown().optional(),
    })
    .describe("A simulated answer to an http node (the preview never calls out)"),
  z
    .strictObject({
      kind: z.literal("payment"),
      nodeId,
      since,
      outcome: z.enum(["paid", "failed", "canceled"]),
    })
    .describe("A simulated payment outcome (the preview creates no order and charges nothing)"),
  z
    .strictObject({
      kind: z.literal("delivery"),
      nodeId,
      since,
      outcome: z.enum(["delivered", "failed"]),
    })
    .describe("A simulated delivery outcome (the preview issues no goods)"),
  z
    .strictObject({ kind: z.literal("release") })
    .describe("A simulated agent handing the conversation back to the bot"),
]);

/** The preview's stand-in for a contact; tag, field and phone changes land here. */
export const previewContactSchema = z.object({
  firstName: z.string().max(64),
  lastName: z.string().max(64).nullable(),
  username: z.string().max(32).nullable(),
  languageCode: z.string().max(16).nullable(),
  phone: z.string().max(32).nullable(),
  tags: z.array(z.string().max(100)).max(200),
  fields: z.record(z.string().max(100), z.string().max(4096)),
});

const inlineButtonSchema = z.object({
  text: z.string(),
  data: z.string().optional().describe("callback_data: send it back as a callback event"),
  url: z.string().optional(),
});

const replyButtonSchema = z.object({ text: z.string(), requestContact: z.boolean() });

export const previewMessageSchema = z.object({
  /** The text as Telegram would get it: variables filled, escaped for its parse mode. */
  text: z.string(),
  parseMode: z.enum(["HTML", "MarkdownV2"]).nullable(),
  media: z
    .object({
      kind: z.enum(["photo", "video", "document", "audio", "animation"]),
      source: z.string(),
    })
    .nullable(),
  inlineKeyboard: z.array(z.array(inlineButtonSchema)).nullable(),
  replyKeyboard: z.array(z.array(replyButtonSchema)).nullable(),
  /** The message removes the reply keyboard shown before it. */
  removeKeyboard: z.boolean(),
});

/**
 * What happened besides messages to this chat. `after` is how many of this step's messages
 * came before it, so the chat can show each note in its place.
 */
export const previewNoteSchema = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("notify"), after: z.int(), chatId: z.string(), text: z.string() })
    .describe("A message the flow sends to another chat (a notify node)"),
  z
    .object({ kind: z.literal("timer"), after: z.int(), nodeId, since, delayMs: z.number() })
    .describe("A timer was set; send a timer event with nodeId and since to skip the wait"),
  z
    .object({
      kind: z.literal("http"),
      after: z.int(),
      nodeId,
      since,
      method: z.string(),
      url: z.string(),
    })
    .describe("A request the flow would make; send an http_result event to simulate its answer"),
  z
    .object({
      kind: z.literal("payment"),
      after: z.int(),
      nodeId,
      since,
      provider: z.string(),
      productId: z.string().nullable(),
    })
    .describe(
      "A payment would be offered here; send a payment event with nodeId and since to simulate its outcome",
    ),
  z
    .object({
      kind: z.literal("deliver"),
      after: z.int(),
      nodeId,
      since,
      productId: z.string().nullable(),
    })
    .describe(
      "The paid goods would be issued here; send a delivery event with nodeId and since to simulate the outcome",
    ),
  z
    .object({ kind: z.literal("handoff"), after: z.int(), note: z.string() })
    .describe(
      "The conversation would go to the inbox and the bot stay quiet; send a release event to simulate an agent handing it back",
    ),
  z
    .object({
      kind: z.literal("contact"),
      after: z.int(),
      addTags: z.array(z.string()),
      removeTags: z.array(z.string()),
      fields: z.record(z.string(), z.string()),
      phone: z.string().nullable(),
    })
    .describe("The contact's tags, fields or phone changed"),
  z
    .object({
      kind: z.literal("warning"),
      after: z.int(),
      code: z.string().describe("step_limit, unsupported_node, invalid_config, goto_missing, …"),
      nodeId: z.string().nullable(),
      nodeType: z.string().nullable(),
    })
    .describe("The run stopped or skipped something, as the journal would record it"),
  z
    .object({ kind: z.literal("ignored"), after: z.int() })
    .describe("Nothing reacted: no trigger matches and the flow is not waiting for this"),
]);

export const previewResultSchema = z.object({
  session: previewSessionSchema,
  contact: previewContactSchema,
  messages: z.array(previewMessageSchema),
  notes: z.array(previewNoteSchema),
  visited: z.array(z.string()).describe("The nodes run for this event, in order"),
  waitingFor: previewWaitingSchema.nullable(),
  variables: z.record(z.string(), z.unknown()),
});

export type PreviewSession = z.output<typeof previewSessionSchema>;
export type PreviewEvent = z.output<typeof previewEventSchema>;
export type PreviewContact = z.output<typeof previewContactSchema>;
export type PreviewMessage = z.output<typeof previewMessageSchema>;
export type PreviewNote = z.output<typeof previewNoteSchema>;
export type PreviewResult = z.output<typeof previewResultSchema>;
export type PreviewWaiting = z.output<typeof previewWaitingSchema>;
