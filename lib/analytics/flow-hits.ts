import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { flowHits } from "@/lib/db/schema";
import type { FlowHit } from "@/lib/runtime/types";

/**
 * Stores one event's path for the funnel (lib/analytics/funnel.ts) in the event's transaction:
 * one statement whatever the path's length. Its text never changes, so on PostgreSQL it stays
 * one prepared statement per connection (a multi-row VALUES would make one per length), and a
 * row already there (the contact passed before) is skipped, not counted again.
 */
export function recordFlowHits(tx: Tx, contactId: string, hits: readonly FlowHit[]) {
  return tx.execute(sql`
    insert into ${flowHits} (flow_version_id, item, contact_id)
    select h.v, h.i, ${contactId}::uuid
    from unnest(${pgTextArray(hits.map((h) => h.flowVersionId))}::uuid[],
                ${pgTextArray(hits.map((h) => h.item))}::text[]) as h(v, i)
    on conflict do nothing`);
}

/**
 * An array literal, passed as one text parameter: both drivers (postgres.js, PGlite) take a
 * string the same way, where a JS array would be spread into a list of parameters by drizzle.
 */
function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}
