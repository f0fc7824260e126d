import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { broadcasts, outbox } from "@/lib/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { broadcastInWorkspace, getBroadcast, type BroadcastRow } from "./broadcasts";
import { broadcastCause, groupOf } from "./start";

type Action = "pause" | "resume" | "cancel";

const allowed: Record<Action, BroadcastRow["status"][]> = {
  pause: ["sending"],
  resume: ["paused"],
  cancel: ["scheduled", "sending", "paused"],
};

const next = { pause: "paused", resume: "sending", cancel: "cancelled" } as const;
const journalKind = {
  pause: "broadcast.paused",
  resume: "broadcast.resumed",
  cancel: "broadcast.cancelled",
} as const;

/**
 * Pause, resume or cancel, through the recipients' outbox rows (the sender knows nothing of
 * broadcasts): pausing pushes the pending rows to never, resuming paces them again from now at
 * the broadcast's rate, cancelling finishes them as cancelled. A row a sender had already taken
 * when this commits may still go out (it is then counted as sent).
 */
export async function controlBroadcast(
  db: Db,
  args: { workspaceId: string; id: string; actor: Actor; action: Action },
): Promise<BroadcastRow> {
  return db.transaction(async (tx) => {
    const row = await getBroadcast(tx, args.workspaceId, args.id, { lock: true });
    if (!allowed[args.action].includes(row.status))
      throw new ApiError("conflict", `A ${row.status} broadcast cannot ${args.action}`);
    const pending = and(
      eq(outbox.workspaceId, args.workspaceId),
      eq(outbox.cause, broadcastCause(row.id)),
      eq(outbox.status, "pending"),
    );
    let rows = 0;
    if (args.action === "pause") {
      rows = (
        await tx
          .update(outbox)
          .set({ notBefore: sql`'infinity'::timestamptz` })
          .where(pending)
          .returning({ id: outbox.id })
      ).length;
    } else if (args.action === "resume") {
      const paced = await tx.execute(sql`
        update outbox o set not_before = now() + make_interval(secs =>
          floor((r.n - 1) / ${groupOf(row.ratePerSecond)}::float8) * ${groupOf(row.ratePerSecond)}::float8
            / ${row.ratePerSecond}::float8)
        from (
          select id, row_number() over (order by id) as n from outbox
          where workspace_id = ${args.workspaceId} and cause = ${broadcastCause(row.id)}
            and status = 'pending'
        ) r
        where o.id = r.id
        returning o.id`);
      rows = rowsOf(paced).length;
    } else {
      rows = (
        await tx
          .update(outbox)
          .set({
            status: "cancelled",
            lastError: "the broadcast was cancelled",
            doneAt: new Date(),
          })
          .where(pending)
          .returning({ id: outbox.id })
      ).length;
    }
    const [changed] = await tx
      .update(broadcasts)
      .set({
        status: next[args.action],
        updatedAt: new Date(),
        ...(args.action === "cancel" ? { finishedAt: new Date() } : {}),
      })
      .where(broadcastInWorkspace(args.workspaceId, row.id))
      .returning();
    await recordJournal(tx, {
      workspaceId: args.workspaceId,
      actor: args.actor,
      kind: journalKind[args.action],
      botId: row.botId,
      subjectId: row.id,
      data: { recipients: rows },
    });
    return changed!;
  });
}
