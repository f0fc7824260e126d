import { z } from "zod";

/**
 * The events an outgoing webhook endpoint can subscribe to (docs/webhooks.md). Isomorphic: the
 * API validates subscriptions with it and the settings page draws its checkboxes from it.
 */
export const webhookEvents = [
  "order.created",
  "order.paid",
  "order.refunded",
  "delivery.issued",
  "contact.created",
  "contact.linked",
  "conversation.handoff",
  "event.delivered",
] as const;

export type WebhookEvent = (typeof webhookEvents)[number];

export const webhookEventSchema = z.enum(webhookEvents);

/** Sent by "Send test event" only; endpoints do not subscribe to it. */
export const testWebhookEvent = "webhook.test";

/**
 * Journal kinds that are webhook events, by the same name. event.delivered is not journaled: the
 * sender's finishing statement queues it (lib/webhooks/event-delivered.ts).
 */
export function webhookEventForJournalKind(kind: string): WebhookEvent | undefined {
  return kind !== "event.delivered" && (webhookEvents as readonly string[]).includes(kind)
    ? (kind as WebhookEvent)
    : undefined;
}
