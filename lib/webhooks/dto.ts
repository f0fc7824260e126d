import type { z } from "zod";
import type { webhookDeliverySchema, webhookEndpointSchema } from "@/lib/api/contracts/webhooks";
import type { WebhookDelivery } from "./deliver";
import type { WebhookEndpointRow } from "./endpoints";
import { webhookEventSchema } from "./events";

export type WebhookEndpointDto = z.infer<typeof webhookEndpointSchema>;
export type WebhookDeliveryDto = z.infer<typeof webhookDeliverySchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** No secret: it is shown once, when the endpoint is created. */
export function toEndpointDto(row: WebhookEndpointRow): WebhookEndpointDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events.flatMap((e) => {
      const parsed = webhookEventSchema.safeParse(e);
      return parsed.success ? [parsed.data] : [];
    }),
    enabled: row.enabled,
    consecutiveFailures: row.consecutiveFailures,
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDeliveryDto(row: WebhookDelivery): WebhookDeliveryDto {
  return {
    id: row.id,
    endpointId: row.endpointId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    log: row.log,
    payload: row.payload,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
  };
}
