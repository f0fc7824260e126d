import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";

export interface OutboxBacklog {
  kind: string;
  /** Rows with status pending, due or not (a timer for tomorrow is pending). */
  pending: number;
  /** Seconds since the oldest pending row was written. */
  oldestPendingSeconds: number;
  /**
   * Seconds the longest-waiting due row has been due (not_before in the past), 0 when none is:
   * what grows when the workers fall behind or stop. A row being worked on is not due (its
   * lease moved not_before), and a retried one is due again from its next try.
   */
  oldestDueSeconds: number;
}

/** The outbox's backlog per kind, in one query over the pending rows (a partial index). */
export async function readOutboxBacklog(db: Db): Promise<OutboxBacklog[]> {
  const age = (t: ReturnType<typeof sql>) =>
    sql`coalesce(extract(epoch from clock_timestamp() - ${t}), 0)::float8`.mapWith(Number);
  return db
    .select({
      kind: outbox.kind,
      pending: sql`count(*)::int`.mapWith(Number),
      oldestPendingSeconds: age(sql`min(${outbox.createdAt})`),
      oldestDueSeconds: age(
        sql`min(${outbox.notBefore}) filter (where ${outbox.notBefore} <= clock_timestamp())`,
      ),
    })
    .from(outbox)
    .where(eq(outbox.status, "pending"))
    .groupBy(outbox.kind)
    .orderBy(outbox.kind);
}
