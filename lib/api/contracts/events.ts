import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { eventFieldSchema, eventRequestSchema, eventTypeInputSchema } from "@/lib/events/types";
import { idParams, timestamp } from "./common";

export const eventSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    status: z
      .enum(["received", "delivered", "failed", "unlinked", "expired"])
      .describe(
        "received: handed to the customer's flow, not sent yet; delivered: the first message reached Telegram (messageId); failed: see reason; unlinked: no chat is linked to the customer yet, delivered when one links; expired: nobody linked in time",
      ),
    test: z.boolean(),
    customer: z.object({ externalId: z.string().nullable(), phone: z.string().nullable() }),
    contactId: z.uuid().nullable(),
    messageId: z.number().int().nullable().describe("Telegram's message_id of the first message"),
    reason: z
      .string()
      .nullable()
      .describe(
        "no_flow (no flow starts on this type), not_a_test_contact, contact_blocked_bot, or Telegram's refusal",
      ),
    occurredAt: timestamp,
    receivedAt: timestamp,
    processedAt: timestamp.nullable(),
    deliveredAt: timestamp.nullable(),
    expiresAt: timestamp.nullable().describe("Until when an unlinked event waits"),
  })
  .meta({ id: "Event" });

export const sendEvent = defineOperation({
  id: "sendEvent",
  method: "POST",
  path: "/api/v1/events",
  tag: "Events",
  summary: "Send an event from your system (1C, an ERP)",
  description:
    "Requires an `Idempotency-Key` header: a repeated key with the same body returns the first event (header `Idempotent-Replayed: true`), with another body 409. The event's type must be declared and its data fit the type (422 otherwise). The customer's linked chat gets it through the flows that start on `trigger.event`; a customer with no linked chat yet gets it when they link (status `unlinked` until then). See docs/1c-integration.md.",
  auth: "workspace",
  permission: "events.send",
  body: eventRequestSchema,
  response: z.object({ event: eventSchema }),
  status: 202,
});

export const getEvent = defineOperation({
  id: "getEvent",
  method: "GET",
  path: "/api/v1/events/{id}",
  tag: "Events",
  summary: "What became of an event",
  auth: "workspace",
  permission: "events.send",
  params: idParams,
  response: z.object({ event: eventSchema }),
});

export const createLinkCodeInput = z.strictObject({
  customer: z.object({
    externalId: z.string().trim().min(1).max(200).describe("The customer's id in your system"),
    phone: z.string().trim().max(32).optional(),
  }),
  ttlMinutes: z
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(60),
});

export const createLinkCode = defineOperation({
  id: "createLinkCode",
  method: "POST",
  path: "/api/v1/link-codes",
  tag: "Events",
  summary: "Get a one-time code that links a customer's chat",
  description:
    "Show the customer the code (they type it to the bot) or one of the links (one tap in Telegram). The chat is then linked to `externalId`, and events that waited for the customer arrive.",
  auth: "workspace",
  permission: "events.send",
  body: createLinkCodeInput,
  response: z.object({
    code: z.string().describe('Shown as "ABCD-2345"; case and the dash do not matter'),
    expiresAt: timestamp,
    links: z.array(z.object({ botId: z.uuid(), url: z.string() })),
  }),
  status: 201,
});

export const eventTypeSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    fields: z.array(eventFieldSchema),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "EventType" });

export const listEventTypes = defineOperation({
  id: "listEventTypes",
  method: "GET",
  path: "/api/v1/event-types",
  tag: "Events",
  summary: "List the workspace's event types",
  auth: "workspace",
  permission: "events.send",
  response: z.object({ data: z.array(eventTypeSchema) }),
});

export const createEventType = defineOperation({
  id: "createEventType",
  method: "POST",
  path: "/api/v1/event-types",
  tag: "Events",
  summary: "Declare an event type",
  auth: "workspace",
  permission: "events.manage",
  body: eventTypeInputSchema,
  response: z.object({ eventType: eventTypeSchema }),
  status: 201,
});

export const updateEventType = defineOperation({
  id: "updateEventType",
  method: "PATCH",
  path: "/api/v1/event-types/{id}",
  tag: "Events",
  summary: "Change an event type's description or fields",
  auth: "workspace",
  permission: "events.manage",
  params: idParams,
  body: eventTypeInputSchema.omit({ name: true }).partial(),
  response: z.object({ eventType: eventTypeSchema }),
});

export const deleteEventType = defineOperation({
  id: "deleteEventType",
  method: "DELETE",
  path: "/api/v1/event-types/{id}",
  tag: "Events",
  summary: "Delete an event type (new events of it are refused)",
  auth: "workspace",
  permission: "events.manage",
  params: idParams,
  status: 204,
});
