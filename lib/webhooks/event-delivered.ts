import "server-only";
import { sql, type SQL } from "drizzle-orm";

/** The methods whose message counts as an event reaching the chat (as lib/events/status.ts). */
const messageMethods = ["sendMessage", "sendPhoto", "sendDocument", "sendVideo"];

/**
 * A CTE for the sender's finishing statement (lib/inbox/record.ts recordSentMessagesSql): given
 * `done` (the outbox rows just finished, with their cause), queues `event.delivered` for every
 * ERP event (cause "event:<id>") whose message Telegram just accepted, to each enabled endpoint
 * subscribed to it. The dedupe key makes it once per event: the event's later messages, and a
 * row finished twice, conflict and add nothing. Part of that one statement, so a sent message
 * and its webhook commit together.
 */
export function eventDeliveredWebhooksSql(): SQL {
  return sql`
    event_sent as (
      select distinct on (d.cause) d.workspace_id, d.result,
             case when substr(d.cause, 7) ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                  then substr(d.cause, 7)::uuid end as event_id
      from done d
      where d.status = 'sent' and d.kind = 'telegram' and d.cause like 'event:%'
        and d.payload->>'method' in (${sql.join(
          messageMethods.map((m) => sql`${m}`),
          sql`, `,
        )})
      order by d.cause, d.id),
    event_hooks as (
      insert into webhook_delivery (workspace_id, endpoint_id, event, dedupe_key, payload)
      select e.workspace_id, w.id, 'event.delivered', 'event:' || e.id || ':delivered',
             jsonb_build_object(
               'id', md5('event:' || e.id || ':delivered')::uuid,
               'type', 'event.delivered',
               'createdAt', ${isoNow()},
               'workspaceId', e.workspace_id,
               'data', jsonb_build_object('event', jsonb_build_object(
                 'id', e.id,
                 'type', e.type,
                 'idempotencyKey', e.idempotency_key,
                 'test', e.test,
                 'customer', jsonb_build_object('externalId', e.customer_external_id,
                                                'phone', e.customer_phone),
                 'contactId', e.contact_id,
                 'messageId', (s.result->>'message_id')::bigint,
                 'occurredAt', ${iso(sql`e.occurred_at`)},
                 'deliveredAt', ${isoNow()})))
      from event_sent s
      join external_event e on e.id = s.event_id and e.workspace_id = s.workspace_id
      join webhook_endpoint w on w.workspace_id = e.workspace_id and w.enabled
                             and 'event.delivered' = any(w.events)
      on conflict (endpoint_id, dedupe_key) do nothing)`;
}

/** The same ISO form as Date.toISOString(), so payloads look alike whoever built them. */
function iso(column: SQL): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function isoNow(): SQL {
  return iso(sql`clock_timestamp()`);
}
