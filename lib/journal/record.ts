import "server-only";
import type { Executor } from "@/lib/db";
import { journal } from "@/lib/db/schema";
import { webhookEventForJournalKind } from "@/lib/webhooks/events";
import { queueWebhookDeliveries } from "@/lib/webhooks/fanout";

export type Actor =
  | { type: "user"; id: string }
  | { type: "api_key"; id: string }
  | { type: "contact"; id: string }
  | { type: "system"; id?: string };

export interface JournalEntry {
  workspaceId: string;
  actor: Actor;
  /** Dotted, past tense: `api_key.created`, `order.paid`, `delivery.issued`. */
  kind: string;
  botId?: string | null;
  contactId?: string | null;
  orderId?: string | null;
  /** The id of whatever else the entry is about (an api key, a member, a flow). */
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * The one call every domain module uses to say what happened. Pass the transaction that makes
 * the change, so the entry commits or rolls back with it. An entry whose kind is a webhook event
 * (order.paid, contact.linked, …) also queues its deliveries to the workspace's endpoints, in
 * the same transaction.
 */
export async function recordJournal(db: Executor, entry: JournalEntry): Promise<void> {
  const [row] = await db
    .insert(journal)
    .values({
      workspaceId: entry.workspaceId,
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      kind: entry.kind,
      botId: entry.botId ?? null,
      contactId: entry.contactId ?? null,
      orderId: entry.orderId ?? null,
      subjectId: entry.subjectId ?? null,
      data: entry.data ?? {},
    })
    .returning({ id: journal.id, at: journal.at });
  const event = webhookEventForJournalKind(entry.kind);
  if (event && row) await queueWebhookDeliveries(db, event, { ...entry, ...row });
}
