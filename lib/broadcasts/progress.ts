import "server-only";
import { and, count, countDistinct, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { broadcastClicks, broadcasts } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { recordJournal } from "@/lib/journal/record";
import { clickTargets, type ClickTarget } from "./message";
import { storedMessage, type BroadcastRow } from "./broadcasts";

export interface BroadcastProgress {
  /** Not sent yet (held while paused). */
  pending: number;
  sent: number;
  /** Telegram refused the message for another reason, or gave up after retries. */
  failed: number;
  /** The recipient had blocked the bot (Telegram's 403, or known blocked before the send). */
  blocked: number;
  /** Not sent because the broadcast was cancelled. */
  cancelled: number;
}

export const emptyProgress: BroadcastProgress = {
  pending: 0,
  sent: 0,
  failed: 0,
  blocked: 0,
  cancelled: 0,
};

/**
 * Counts the recipients' outbox rows by what became of them. The sender writes Telegram's
 * refusal as the row's last error: a 403 ("Forbidden: bot was blocked by the user", "…user is
 * deactivated") is a blocked recipient; a row cancelled because the contact had blocked the bot
 * is too.
 */
export async function progressOf(
  db: Executor,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, BroadcastProgress>> {
  const out = new Map<string, BroadcastProgress>();
  if (!ids.length) return out;
  const blocked = sql`((status = 'failed' and coalesce(last_error, '') like 'Forbidden%')
    or (status = 'cancelled' and last_error = 'the contact blocked the bot'))`;
  const result = await db.execute(sql`
    select substring(cause from 11) as id,
      count(*) filter (where status = 'pending')::int as pending,
      count(*) filter (where status = 'sent')::int as sent,
      count(*) filter (where ${blocked})::int as blocked,
      count(*) filter (where status = 'failed' and not ${blocked})::int as failed,
      count(*) filter (where status = 'cancelled' and not ${blocked})::int as cancelled
    from outbox
    where workspace_id = ${workspaceId} and cause in (${sql.join(
      ids.map((id) => sql`${`broadcast:${id}`}`),
      sql`, `,
    )})
    group by cause`);
  for (const r of rowsOf<BroadcastProgress & { id: string }>(result))
    out.set(r.id, {
      pending: Number(r.pending),
      sent: Number(r.sent),
      failed: Number(r.failed),
      blocked: Number(r.blocked),
      cancelled: Number(r.cancelled),
    });
  return out;
}

export interface TargetClicks extends ClickTarget {
  clicks: number;
  /** Different recipients who tapped it. */
  people: number;
}

export async function clicksOf(
  db: Executor,
  row: Pick<BroadcastRow, "id" | "message">,
): Promise<TargetClicks[]> {
  const counted = await db
    .select({
      target: broadcastClicks.target,
      clicks: count(),
      people: countDistinct(broadcastClicks.contactId),
    })
    .from(broadcastClicks)
    .where(eq(broadcastClicks.broadcastId, row.id))
    .groupBy(broadcastClicks.target);
  const byTarget = new Map(counted.map((c) => [c.target, c]));
  return clickTargets(storedMessage(row)).map((t) => ({
    ...t,
    clicks: Number(byTarget.get(t.index)?.clicks ?? 0),
    people: Number(byTarget.get(t.index)?.people ?? 0),
  }));
}

/**
 * Marks sending (or paused) broadcasts with no pending recipient left as completed, journaled.
 * Run by the periodic job and when progress is read; safe to run anywhere at any time.
 */
export async function completeFinishedBroadcasts(
  db: Executor,
  workspaceId?: string,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const done = await tx
      .update(broadcasts)
      .set({ status: "completed", finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          inArray(broadcasts.status, ["sending", "paused"]),
          workspaceId ? eq(broadcasts.workspaceId, workspaceId) : undefined,
          sql`not exists (select 1 from outbox o where o.cause = 'broadcast:' || ${broadcasts.id}::text
              and o.status = 'pending' and o.workspace_id = ${broadcasts.workspaceId})`,
        ),
      )
      .returning({
        id: broadcasts.id,
        workspaceId: broadcasts.workspaceId,
        botId: broadcasts.botId,
        total: broadcasts.total,
      });
    for (const b of done)
      await recordJournal(tx, {
        workspaceId: b.workspaceId,
        actor: { type: "system" },
        kind: "broadcast.completed",
        botId: b.botId,
        subjectId: b.id,
        data: { total: b.total },
      });
    return done.map((b) => b.id);
  });
}
