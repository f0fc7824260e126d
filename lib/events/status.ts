import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { externalEvents, outbox } from "@/lib/db/schema";

/**
 * What became of an event (GET /api/v1/events/{id}). "delivered" and a delivery's failure are
 * read off the outbox rows the event's flow queued (cause "event:<id>"), so the sender writes
 * nothing extra for events.
 */
export interface EventView {
  id: string;
  type: string;
  status: "received" | "delivered" | "failed" | "unlinked" | "expired";
  test: boolean;
  customer: { externalId: string | null; phone: string | null };
  contactId: string | null;
  /** The Telegram message_id of the first message the event's flow sent. */
  messageId: number | null;
  /** Why it failed: no_flow, not_a_test_contact, contact_blocked_bot, or Telegram's refusal. */
  reason: string | null;
  occurredAt: string;
  receivedAt: string;
  processedAt: string | null;
  deliveredAt: string | null;
  expiresAt: string | null;
}

/** The outbox calls that count as an event's message reaching the customer (also the dashboard's). */
export const eventMessageMethods = ["sendMessage", "sendPhoto", "sendDocument", "sendVideo"];
const messageMethods = new Set(eventMessageMethods);

export async function eventView(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<EventView | undefined> {
  const [row] = await db
    .select()
    .from(externalEvents)
    .where(and(eq(externalEvents.id, id), eq(externalEvents.workspaceId, workspaceId)));
  if (!row) return undefined;
  const view: EventView = {
    id: row.id,
    type: row.type,
    status: row.status,
    test: row.test,
    customer: { externalId: row.customerExternalId, phone: row.customerPhone },
    contactId: row.contactId,
    messageId: null,
    reason: row.reason,
    occurredAt: row.occurredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
    deliveredAt: null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
  if (row.status === "unlinked" && row.expiresAt && row.expiresAt.getTime() <= Date.now())
    return { ...view, status: "expired" };
  if (row.status !== "received") return view;

  const rows = await db
    .select({
      kind: outbox.kind,
      payload: outbox.payload,
      status: outbox.status,
      result: outbox.result,
      lastError: outbox.lastError,
      doneAt: outbox.doneAt,
    })
    .from(outbox)
    .where(eq(outbox.cause, `event:${row.id}`))
    .orderBy(asc(outbox.id));
  const messages = rows.filter(
    (r) => r.kind === "telegram" && messageMethods.has(String(r.payload.method)),
  );
  const sent = messages.find((r) => r.status === "sent");
  if (sent) {
    const messageId = (sent.result as { message_id?: unknown } | null)?.message_id;
    return {
      ...view,
      status: "delivered",
      messageId: typeof messageId === "number" ? messageId : null,
      deliveredAt: sent.doneAt?.toISOString() ?? null,
    };
  }
  const failed = messages.find((r) => r.status === "failed" || r.status === "cancelled");
  if (failed && messages.every((r) => r.status !== "pending"))
    return { ...view, status: "failed", reason: failed.lastError ?? "not_sent" };
  return view;
}
