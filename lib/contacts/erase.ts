import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import {
  contacts,
  conversations,
  deliveries,
  externalEvents,
  linkCodes,
  messages,
  orders,
  outbox,
  sessions,
} from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";

export const ERASED_NAME = "Erased contact";

/**
 * What a delivery keeps of its data after erasure: how it was issued and why it failed, never
 * what the method learned about the buyer (an LMS answer, an access URL with their e-mail).
 */
const deliveryDataKept = [
  "reason",
  "handling",
  "expiresAt",
  "maxUses",
  "stampPdf",
  "licenseKeyId",
  "grantId",
  "chatId",
  "messageId",
  "file",
  "product",
  "left",
  "fallback",
  "size",
];

export interface EraseResult {
  messages: number;
  orders: number;
  deliveries: number;
  events: number;
}

/**
 * Erases a contact on their request (GDPR art. 17, 152-ФЗ art. 21), in one transaction:
 * - the profile: names become "Erased contact"; username, language, phone, external id, start
 *   payload, tags, fields and time zone are cleared; the Telegram id is replaced by
 *   "erased:<id>", so the row no longer points at the person;
 * - their messages are deleted, the inbox conversation keeps no preview, the flow session (its
 *   variables hold their answers) is deleted, queued messages to them are cancelled and the
 *   payloads of sent ones cleared, their link codes deleted;
 * - orders stay with amounts, status and provider references (accounting and refunds need
 *   them) but point at the anonymous row; deliveries keep only non-personal data; ERP events
 *   lose the customer's phone, external id and data.
 * A new message from the same Telegram user later creates a new contact: a new relationship
 * that starts from nothing. The journal is append-only and keeps its earlier entries; the
 * contact.erased entry records counts, never the erased data.
 */
export async function eraseContact(
  db: Executor,
  input: { workspaceId: string; id: string; actor: Actor },
): Promise<EraseResult> {
  return db.transaction(async (tx) => {
    const [contact] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, input.workspaceId), eq(contacts.id, input.id)))
      .for("update");
    if (!contact) throw notFound("Contact");
    if (contact.erasedAt) throw new ApiError("conflict", "This contact is already erased");

    const deleted = await tx
      .delete(messages)
      .where(eq(messages.contactId, contact.id))
      .returning({ id: messages.id });
    await tx
      .update(conversations)
      .set({ lastMessageText: "", unread: 0 })
      .where(eq(conversations.contactId, contact.id));
    await tx.delete(sessions).where(eq(sessions.contactId, contact.id));
    await tx
      .update(outbox)
      .set({
        status: sql`case when ${outbox.status} = 'pending' then 'cancelled'::outbox_status else ${outbox.status} end`,
        lastError: sql`case when ${outbox.status} = 'pending' then 'contact erased' else ${outbox.lastError} end`,
        payload: {},
        result: null,
        chatId: null,
      })
      .where(eq(outbox.contactId, contact.id));
    await tx.delete(linkCodes).where(eq(linkCodes.contactId, contact.id));

    const anonymousOrders = await tx
      .update(orders)
      .set({ checkoutUrl: null })
      .where(eq(orders.contactId, contact.id))
      .returning({ id: orders.id });
    const anonymousDeliveries = await tx
      .update(deliveries)
      .set({
        data: sql`coalesce((select jsonb_object_agg(key, value) from jsonb_each(${deliveries.data})
          where key = any(array[${sql.join(
            deliveryDataKept.map((k) => sql`${k}`),
            sql`, `,
          )}]::text[])), '{}'::jsonb)
          || '{"erased": true}'::jsonb`,
      })
      .where(eq(deliveries.contactId, contact.id))
      .returning({ id: deliveries.id });
    const anonymousEvents = await tx
      .update(externalEvents)
      .set({ customerPhone: null, customerExternalId: null, data: {} })
      .where(eq(externalEvents.contactId, contact.id))
      .returning({ id: externalEvents.id });

    await tx
      .update(contacts)
      .set({
        channelUserId: `erased:${contact.id}`,
        firstName: ERASED_NAME,
        lastName: null,
        username: null,
        languageCode: null,
        phone: null,
        externalId: null,
        startPayload: null,
        tags: [],
        fields: {},
        timeZone: null,
        test: false,
        erasedAt: new Date(),
      })
      .where(and(eq(contacts.id, contact.id), isNull(contacts.erasedAt)));

    const result: EraseResult = {
      messages: deleted.length,
      orders: anonymousOrders.length,
      deliveries: anonymousDeliveries.length,
      events: anonymousEvents.length,
    };
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "contact.erased",
      botId: contact.botId,
      contactId: contact.id,
      data: { ...result },
    });
    return result;
  });
}
