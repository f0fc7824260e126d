import "server-only";
import { and, arrayContains, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import type { WebhookEvent } from "./events";
import { contactData, conversationData, deliveryData, orderData } from "./payload";
import { webhookEventId } from "./signature";

export interface JournaledHappening {
  id: number;
  at: Date;
  workspaceId: string;
  contactId?: string | null;
  orderId?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Queues one delivery per enabled endpoint of the workspace subscribed to `event`, in the
 * transaction that journals the happening (lib/journal/record.ts): a change that rolls back
 * notifies nobody, one that commits is delivered by the worker (deliver.ts) for sure.
 */
export async function queueWebhookDeliveries(
  db: Executor,
  event: WebhookEvent,
  entry: JournaledHappening,
): Promise<number> {
  const endpoints = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.workspaceId, entry.workspaceId),
        eq(webhookEndpoints.enabled, true),
        arrayContains(webhookEndpoints.events, [event]),
      ),
    );
  if (!endpoints.length) return 0;
  const dedupeKey = `journal:${entry.id}`;
  const payload = {
    id: webhookEventId(dedupeKey),
    type: event,
    createdAt: entry.at.toISOString(),
    workspaceId: entry.workspaceId,
    data: await subjectOf(db, event, entry),
  };
  await db
    .insert(webhookDeliveries)
    .values(
      endpoints.map((e) => ({
        workspaceId: entry.workspaceId,
        endpointId: e.id,
        event,
        dedupeKey,
        payload,
      })),
    )
    .onConflictDoNothing();
  return endpoints.length;
}

async function subjectOf(
  db: Executor,
  event: WebhookEvent,
  entry: JournaledHappening,
): Promise<Record<string, unknown>> {
  const contact = async () => (entry.contactId ? contactData(db, entry.contactId) : null);
  switch (event) {
    case "order.created":
    case "order.paid":
    case "order.refunded":
      return {
        order: entry.orderId ? await orderData(db, entry.orderId) : null,
        contact: await contact(),
      };
    case "delivery.issued":
      return {
        delivery: entry.subjectId ? await deliveryData(db, entry.subjectId) : null,
        order: entry.orderId ? await orderData(db, entry.orderId) : null,
        contact: await contact(),
      };
    case "contact.created":
      return { contact: await contact() };
    case "contact.linked":
      return { contact: await contact(), by: entry.data?.by ?? null };
    case "conversation.handoff":
      return {
        conversation: entry.subjectId ? await conversationData(db, entry.subjectId) : null,
        contact: await contact(),
        source: entry.data?.source ?? null,
      };
    case "event.delivered":
      // Queued by the sender's statement (event-delivered.ts), never from the journal.
      return {};
  }
}
