import "server-only";
import { and, asc, eq, getTableColumns, gt, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { broadcasts, contacts, outbox } from "@/lib/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { segmentWhere } from "@/lib/contacts/segments";
import { audienceFilterOf, getBroadcast, storedMessage, type BroadcastRow } from "./broadcasts";
import { recipientCall, renderContextOf } from "./audience";

/** Bulk traffic: after every reply in a live conversation (priority 0). */
export const broadcastPriority = 10;
/** Recipients rendered and written per statement. */
const chunk = 500;

/**
 * Seconds after the start when recipient n is due: paced at the rate in groups of a quarter
 * second's worth (at most 50, the sender's round), so the sender sends full rounds instead of
 * one row per wake-up, and the groups stay within the broadcast's bucket (a second's burst).
 */
export function dueAfter(n: number, rate: number): number {
  const group = groupOf(rate);
  return (Math.floor(n / group) * group) / rate;
}
export const groupOf = (rate: number) => Math.max(1, Math.min(50, Math.ceil(rate / 4)));

export const broadcastCause = (id: string) => `broadcast:${id}`;
export const recipientKey = (id: string, contactId: string) => `broadcast:${id}:${contactId}`;

/**
 * Sends a draft now, or schedules it (`at` in the future). Sending writes one outbox row per
 * recipient in this transaction; a second start finds the broadcast no longer a draft, and the
 * rows' idempotency keys could not be written twice anyway.
 */
export async function startBroadcast(
  db: Db,
  args: { workspaceId: string; id: string; actor: Actor; at?: Date | null },
): Promise<BroadcastRow> {
  return db.transaction(async (tx) => {
    const row = await getBroadcast(tx, args.workspaceId, args.id, { lock: true });
    if (row.status !== "draft" && row.status !== "scheduled")
      throw new ApiError("conflict", `The broadcast is already ${row.status}`);
    if (args.at && args.at.getTime() > Date.now() + 5_000) {
      const [scheduled] = await tx
        .update(broadcasts)
        .set({ status: "scheduled", scheduledAt: args.at, updatedAt: new Date() })
        .where(eq(broadcasts.id, row.id))
        .returning();
      await recordJournal(tx, {
        workspaceId: args.workspaceId,
        actor: args.actor,
        kind: "broadcast.scheduled",
        botId: row.botId,
        subjectId: row.id,
        data: { at: args.at.toISOString() },
      });
      return scheduled!;
    }
    const started = await beginSending(tx, { ...row, workspaceId: args.workspaceId }, args.actor);
    if (started.total === 0)
      throw new ApiError("conflict", "No contacts are in the audience: nothing would be sent");
    return started;
  });
}

/**
 * Starts every scheduled broadcast that is due, one transaction each. Safe in every process at
 * once: a broadcast row is taken with SKIP LOCKED and must still be scheduled.
 */
export async function startDueBroadcasts(db: Db): Promise<number> {
  let started = 0;
  for (;;) {
    const one = await db.transaction(async (tx) => {
      const [due] = await tx
        .select()
        .from(broadcasts)
        .where(and(eq(broadcasts.status, "scheduled"), lte(broadcasts.scheduledAt, sql`now()`)))
        .orderBy(asc(broadcasts.scheduledAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return false;
      await beginSending(tx, due, { type: "system" });
      return true;
    });
    if (!one) return started;
    started++;
  }
}

/**
 * Writes the recipients' rows and marks the broadcast sending. The audience is evaluated once,
 * here; each recipient's message is rendered with their values now. Rows come due paced at the
 * broadcast's rate (dueAfter), so the sender finds them as fast as it
 * may send them instead of holding back a backlog; its token buckets still enforce the rate.
 * A broadcast with nobody to send to completes at once.
 */
async function beginSending(
  tx: Tx,
  row: BroadcastRow & { workspaceId: string },
  actor: Actor,
): Promise<BroadcastRow> {
  const context = await renderContextOf(tx, row.workspaceId, row.botId);
  const message = storedMessage(row);
  const where = segmentWhere(row.workspaceId, await audienceFilterOf(tx, row.workspaceId, row));
  const cause = broadcastCause(row.id);
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await tx
      .select()
      .from(contacts)
      .where(after ? and(where, gt(contacts.id, after)) : where)
      .orderBy(asc(contacts.id))
      .limit(chunk);
    if (!batch.length) break;
    after = batch.at(-1)!.id;
    const written = await tx
      .insert(outbox)
      .values(
        batch.map((contact, i) => ({
          workspaceId: row.workspaceId,
          botId: row.botId,
          contactId: contact.id,
          kind: "telegram",
          payload: {
            ...recipientCall(row, message, contact, context),
            // The sender's per-broadcast bucket (lib/jobs/limits.ts, broadcastBucketFor).
            ratePerSecond: row.ratePerSecond,
          },
          idempotencyKey: recipientKey(row.id, contact.id),
          priority: broadcastPriority,
          chatId: contact.channelUserId,
          cause,
          notBefore: sql`now() + make_interval(secs => ${dueAfter(total + i, row.ratePerSecond)}::float8)`,
        })),
      )
      .onConflictDoNothing({ target: outbox.idempotencyKey })
      .returning({ id: outbox.id });
    total += written.length;
  }
  const empty = total === 0;
  const [started] = await tx
    .update(broadcasts)
    .set({
      status: empty ? "completed" : "sending",
      startedAt: new Date(),
      finishedAt: empty ? new Date() : null,
      total,
      updatedAt: new Date(),
    })
    .where(eq(broadcasts.id, row.id))
    .returning(getTableColumns(broadcasts));
  await recordJournal(tx, {
    workspaceId: row.workspaceId,
    actor,
    kind: "broadcast.started",
    botId: row.botId,
    subjectId: row.id,
    data: { total, ratePerSecond: row.ratePerSecond },
  });
  if (empty)
    await recordJournal(tx, {
      workspaceId: row.workspaceId,
      actor: { type: "system" },
      kind: "broadcast.completed",
      botId: row.botId,
      subjectId: row.id,
      data: { total },
    });
  return started!;
}
