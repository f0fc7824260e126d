import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { webhookEvents } from "@/lib/webhooks/events";
import { webhookEndpointInput, webhookEndpointPatch } from "@/lib/webhooks/input";
import { idParams, timestamp } from "./common";

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(webhookEvents)),
    enabled: z.boolean(),
    consecutiveFailures: z
      .number()
      .int()
      .describe("Deliveries that failed for good in a row; reset by a success"),
    disabledAt: timestamp.nullable(),
    disabledReason: z
      .string()
      .nullable()
      .describe(
        "manual: disabled by staff; failures: disabled after deliveries failed for good in a row",
      ),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "WebhookEndpoint" });

export const webhookDeliverySchema = z
  .object({
    id: z.number().int(),
    endpointId: z.uuid(),
    event: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    nextAttemptAt: timestamp.nullable().describe("When a pending delivery is tried next"),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    log: z.array(
      z.object({
        at: timestamp,
        status: z.number().int().nullable(),
        error: z.string().nullable(),
        ms: z.number(),
      }),
    ),
    payload: z.record(z.string(), z.unknown()).describe("The JSON body sent, as signed"),
    createdAt: timestamp,
    deliveredAt: timestamp.nullable(),
  })
  .meta({ id: "WebhookDelivery" });

const tag = "Webhooks";

export const listWebhookEndpoints = defineOperation({
  id: "listWebhookEndpoints",
  method: "GET",
  path: "/api/v1/webhooks",
  tag,
  summary: "List outgoing webhook endpoints",
  auth: "workspace",
  permission: "webhooks.manage",
  response: z.object({ data: z.array(webhookEndpointSchema) }),
});

export const createWebhookEndpoint = defineOperation({
  id: "createWebhookEndpoint",
  method: "POST",
  path: "/api/v1/webhooks",
  tag,
  summary: "Add an endpoint that receives events",
  description:
    "The signing secret is in this response only; it is stored encrypted and never shown again. See docs/webhooks.md for the signature.",
  auth: "workspace",
  permission: "webhooks.manage",
  body: webhookEndpointInput,
  response: z.object({ endpoint: webhookEndpointSchema, secret: z.string() }),
  status: 201,
});

export const getWebhookEndpoint = defineOperation({
  id: "getWebhookEndpoint",
  method: "GET",
  path: "/api/v1/webhooks/{id}",
  tag,
  summary: "An endpoint",
  auth: "workspace",
  permission: "webhooks.manage",
  params: idParams,
  response: z.object({ endpoint: webhookEndpointSchema }),
});

export const updateWebhookEndpoint = defineOperation({
  id: "updateWebhookEndpoint",
  method: "PATCH",
  path: "/api/v1/webhooks/{id}",
  tag,
  summary: "Change an endpoint, or disable and enable it",
  description:
    "Disabling fails the deliveries still waiting; after enabling, resend the ones you need.",
  auth: "workspace",
  permission: "webhooks.manage",
  params: idParams,
  body: webhookEndpointPatch,
  response: z.object({ endpoint: webhookEndpointSchema }),
});

export const deleteWebhookEndpoint = defineOperation({
  id: "deleteWebhookEndpoint",
  method: "DELETE",
  path: "/api/v1/webhooks/{id}",
  tag,
  summary: "Delete an endpoint and its delivery log",
  auth: "workspace",
  permission: "webhooks.manage",
  params: idParams,
  status: 204,
});

export const sendTestWebhook = defineOperation({
  id: "sendTestWebhook",
  method: "POST",
  path: "/api/v1/webhooks/{id}/test",
  tag,
  summary: "Send a webhook.test event now",
  description: "Answers with the delivery after the attempt (at most 10 seconds).",
  auth: "workspace",
  permission: "webhooks.manage",
  params: idParams,
  response: z.object({ delivery: webhookDeliverySchema }),
});

export const listWebhookDeliveries = defineOperation({
  id: "listWebhookDeliveries",
  method: "GET",
  path: "/api/v1/webhooks/{id}/deliveries",
  tag,
  summary: "An endpoint's delivery log, newest first",
  auth: "workspace",
  permission: "webhooks.manage",
  params: idParams,
  query: z.object({
    status: z.enum(["pending", "delivered", "failed"]).optional(),
    before: z.coerce.number().int().positive().optional().describe("nextBefore of the last page"),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
  response: z.object({
    data: z.array(webhookDeliverySchema),
    nextBefore: z.number().int().nullable(),
  }),
});

export const resendWebhookDelivery = defineOperation({
  id: "resendWebhookDelivery",
  method: "POST",
  path: "/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend",
  tag,
  summary: "Attempt a delivery again now, whatever its status",
  description: "Answers with the delivery after the attempt (at most 10 seconds).",
  auth: "workspace",
  permission: "webhooks.manage",
  params: z.object({ id: z.uuid(), deliveryId: z.coerce.number().int().positive() }),
  response: z.object({ delivery: webhookDeliverySchema }),
});
