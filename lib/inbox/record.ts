import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import type { ConversationStatus, MessageContent } from "@/lib/db/schema";
import { eventDeliveredWebhooksSql } from "@/lib/webhooks/event-delivered";
import { inboxChannel } from "./live";

/**
 * The conversation's history as it happens: the contact's messages when the update arrives (in
 * the webhook's transaction, which also says whether a human holds the chat), and what was sent
 * when Telegram accepted it (in the sender's statement that finishes the outbox rows).
 */

/** How much of the newest message the inbox list shows. */
const previewLength = 200;

export interface IncomingMessage {
  workspaceId: string;
  botId: string;
  /** The contact's id, or a subquery that finds it (the webhook's pipelined upsert). */
  contactId: string | SQL;
  text: string;
  content: MessageContent;
  telegramMessageId?: number;
}

/**
 * Stores a message (or button press) from the contact and counts it unread, creating the
 * conversation on first contact; a closed conversation goes back to the bot. One statement.
 * Returns the conversation's status: while it is waiting or assigned the bot stays quiet.
 */
export async function recordIncoming(
  tx: Tx,
  m: IncomingMessage,
): Promise<{ conversationId: string; status: ConversationStatus }> {
  const preview = m.text.slice(0, previewLength);
  const rows = await tx.execute(sql`
    with conv as (
      insert into conversation (workspace_id, bot_id, contact_id, unread, last_message_at,
                                last_message_text)
      values (${m.workspaceId}, ${m.botId}, ${m.contactId}, 1, clock_timestamp(), ${preview})
      on conflict (contact_id) do update
        set unread = conversation.unread + 1,
            last_message_at = excluded.last_message_at,
            last_message_text = excluded.last_message_text,
            status = case when conversation.status = 'closed' then 'bot'::conversation_status
                          else conversation.status end,
            updated_at = excluded.last_message_at
      returning id, status, workspace_id, contact_id),
    msg as (
      insert into message (workspace_id, contact_id, direction, author, text, content,
                           telegram_message_id)
      select conv.workspace_id, conv.contact_id, 'in', 'contact', ${m.text},
             ${JSON.stringify(m.content)}::jsonb, ${m.telegramMessageId ?? null}
      from conv
      returning id)
    select conv.id, conv.status,
           pg_notify(${inboxChannel}, json_build_object('w', conv.workspace_id, 'c', conv.id)::text)
    from conv, msg`);
  const row = rowsOf<{ id: string; status: ConversationStatus }>(rows)[0];
  if (!row) throw new Error("recordIncoming returned no row");
  return { conversationId: row.id, status: row.status };
}

/** Methods whose message the contact sees in the chat. */
const visibleMethods = [
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendVideo",
  "sendAnimation",
  "sendAudio",
  "sendVoice",
  "sendInvoice",
];

/**
 * The tail of the sender's finishing statement: given `done` (the outbox rows it just finished,
 * with id, workspace_id, contact_id, kind, payload, result, status, cause), records each sent
 * message to a contact's own chat once (outbox_id is unique), moves the conversation's preview
 * and tells the inbox, and queues event.delivered webhooks (lib/webhooks/event-delivered.ts). A message to a staff chat is not part of the contact's history.
 */
export function recordSentMessagesSql(): SQL {
  return sql`,
    recorded as (
      insert into message (workspace_id, contact_id, direction, author, agent_id, text, content,
                           telegram_message_id, outbox_id)
      select d.workspace_id, d.contact_id, 'out',
             coalesce(d.payload->>'author', 'bot')::message_author,
             (d.payload->>'agentId')::uuid,
             coalesce(d.payload->'params'->>'text', d.payload->'params'->>'caption',
                      d.payload->'params'->>'title', ''),
             jsonb_strip_nulls(jsonb_build_object(
               'buttons', d.payload->'params'->'reply_markup'->'inline_keyboard',
               'method', nullif(d.payload->>'method', 'sendMessage'),
               'file', d.payload->'file')),
             (d.result->>'message_id')::bigint, d.id
      from done d join contact ct on ct.id = d.contact_id
      where d.status = 'sent' and d.kind = 'telegram'
        and d.payload->>'method' in (${sql.join(
          visibleMethods.map((m) => sql`${m}`),
          sql`, `,
        )})
        and d.payload->'params'->>'chat_id' = ct.channel_user_id
      order by d.id
      on conflict (outbox_id) do nothing
      returning contact_id, workspace_id, text, id),
    latest as (
      select distinct on (r.contact_id) r.contact_id, r.workspace_id, r.text, ct.bot_id
      from recorded r join contact ct on ct.id = r.contact_id
      order by r.contact_id, r.id desc),
    conv as (
      insert into conversation (workspace_id, bot_id, contact_id, last_message_at,
                                last_message_text)
      select workspace_id, bot_id, contact_id, clock_timestamp(), left(text, ${previewLength})
      from latest
      on conflict (contact_id) do update
        set last_message_at = excluded.last_message_at,
            last_message_text = excluded.last_message_text
      returning id, workspace_id),
    ${eventDeliveredWebhooksSql()}
    select pg_notify(${inboxChannel}, json_build_object('w', workspace_id, 'c', id)::text)
    from conv`;
}
