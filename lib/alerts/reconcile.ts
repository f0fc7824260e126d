import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { incidents, outbox } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { recordJournal } from "@/lib/journal/record";
import { logger } from "@/lib/log";
import { checks, configuredThresholds, type AlertThresholds, type Failure } from "./checks";
import { incidentKinds, type IncidentKind } from "./kinds";
import { alertText } from "./messages";
import { alertRows, alertTarget } from "./notify";

/**
 * Turns the checks' answers into incidents and alerts (docs/alerts.md):
 *
 * - a failing condition without an open incident opens one and queues one alert;
 * - a failing condition with one updates its `last_seen_at` and figures, and sends nothing;
 * - an open incident whose condition has not been seen for `resolveAfterMinutes` resolves and
 *   queues one "resolved" alert. This is the hysteresis: a condition that comes and goes keeps
 *   its one incident open (and silent) instead of alerting at every change.
 *
 * Every process runs this; nothing is locked for long. An incident opens through
 * INSERT … ON CONFLICT DO NOTHING on the partial unique index (one open incident per workspace,
 * kind and subject), and resolves through an UPDATE … WHERE status = 'open': only the statement
 * that made the change queues the alert, in its transaction, with an idempotency key per
 * incident and event. Two processes checking at once alert once.
 */

export interface ReconcileOptions {
  now?: Date;
  thresholds?: AlertThresholds;
  /** Only this workspace (tests); every workspace when unset. */
  workspaceId?: string;
  /** Only these checks (tests); all of them when unset. */
  kinds?: readonly IncidentKind[];
}

export interface ReconcileResult {
  opened: number;
  resolved: number;
  /** Outbox rows queued: wake the sender when there are any. */
  queued: number;
}

const keyOf = (kind: string, subject: string) => `${kind}\u0000${subject}`;

export async function runAlertChecks(
  db: Db,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const now = options.now ?? new Date();
  const thresholds = options.thresholds ?? configuredThresholds();
  const ctx = { now, thresholds, workspaceId: options.workspaceId };
  const kinds = options.kinds ?? incidentKinds;

  const failures: Failure[] = [];
  /** Per workspace, the keys not to resolve this round (unknown, or their check failed). */
  const untouchable = new Map<string, Set<string>>();
  const checked = new Set<IncidentKind>();
  for (const kind of kinds) {
    try {
      const result = await checks[kind](db, ctx);
      checked.add(kind);
      failures.push(...result.failures);
      for (const u of result.unknown) {
        const set = untouchable.get(u.workspaceId) ?? new Set();
        set.add(keyOf(kind, u.subject));
        untouchable.set(u.workspaceId, set);
      }
    } catch (err) {
      // A check that cannot run resolves nothing: its open incidents wait for the next round.
      logger.error({ err, kind }, "alert check failed");
    }
  }

  const byWorkspace = new Map<string, Failure[]>();
  for (const f of failures)
    byWorkspace.set(f.workspaceId, [...(byWorkspace.get(f.workspaceId) ?? []), f]);
  const withOpen = rowsOf<{ workspace_id: string }>(
    await db.execute(
      sql`select distinct workspace_id from incident where status = 'open'${
        options.workspaceId ? sql` and workspace_id = ${options.workspaceId}` : sql``
      }`,
    ),
  );
  for (const { workspace_id } of withOpen)
    if (!byWorkspace.has(workspace_id)) byWorkspace.set(workspace_id, []);

  const total: ReconcileResult = { opened: 0, resolved: 0, queued: 0 };
  for (const [workspaceId, found] of byWorkspace) {
    try {
      const r = await db.transaction((tx) =>
        reconcileWorkspace(tx, workspaceId, found, {
          now,
          thresholds,
          checked,
          untouchable: untouchable.get(workspaceId) ?? new Set(),
        }),
      );
      total.opened += r.opened;
      total.resolved += r.resolved;
      total.queued += r.queued;
    } catch (err) {
      logger.error({ err, workspaceId }, "alert reconciliation failed");
    }
  }
  return total;
}

async function reconcileWorkspace(
  tx: Tx,
  workspaceId: string,
  failures: Failure[],
  round: {
    now: Date;
    thresholds: AlertThresholds;
    checked: Set<IncidentKind>;
    untouchable: Set<string>;
  },
): Promise<ReconcileResult> {
  const { now } = round;
  const result: ReconcileResult = { opened: 0, resolved: 0, queued: 0 };
  const opened: (typeof incidents.$inferSelect)[] = [];
  const failing = new Set<string>();

  // In one order in every process, so two rounds updating the same rows wait, not deadlock.
  const sorted = [...failures].sort((x, y) =>
    keyOf(x.kind, x.subject) < keyOf(y.kind, y.subject) ? -1 : 1,
  );
  for (const f of sorted) {
    failing.add(keyOf(f.kind, f.subject));
    const seen = await tx
      .update(incidents)
      .set({
        lastSeenAt: sql`greatest(${incidents.lastSeenAt}, ${now.toISOString()}::timestamptz)`,
        detail: f.detail,
      })
      .where(
        and(
          eq(incidents.workspaceId, workspaceId),
          eq(incidents.kind, f.kind),
          eq(incidents.subject, f.subject),
          eq(incidents.status, "open"),
        ),
      )
      .returning({ id: incidents.id });
    if (seen.length) continue;
    // Not if another process resolved it after this round looked: what we saw is older news.
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into incident (workspace_id, kind, subject, detail, opened_at, last_seen_at)
        select ${workspaceId}, ${f.kind}, ${f.subject}, ${JSON.stringify(f.detail)}::jsonb,
               ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        where not exists (
          select 1 from incident
          where workspace_id = ${workspaceId} and kind = ${f.kind} and subject = ${f.subject}
            and status = 'resolved' and resolved_at > ${now.toISOString()}::timestamptz)
        on conflict (workspace_id, kind, subject) where status = 'open' do nothing
        returning id`),
    );
    if (!row) continue;
    const [incident] = await tx.select().from(incidents).where(eq(incidents.id, row.id));
    opened.push(incident!);
  }

  // Open incidents whose condition was looked at this round, is not failing, and has not been
  // seen for the resolve delay.
  const cutoff = new Date(now.getTime() - round.thresholds.resolveAfterMinutes * 60_000);
  const open = await tx
    .select({ id: incidents.id, kind: incidents.kind, subject: incidents.subject })
    .from(incidents)
    .where(
      and(
        eq(incidents.workspaceId, workspaceId),
        eq(incidents.status, "open"),
        lt(incidents.lastSeenAt, cutoff),
      ),
    );
  const clearing = open.filter(
    (i) =>
      (round.checked as Set<string>).has(i.kind) &&
      !failing.has(keyOf(i.kind, i.subject)) &&
      !round.untouchable.has(keyOf(i.kind, i.subject)),
  );
  const resolved = clearing.length
    ? await tx
        .update(incidents)
        .set({ status: "resolved", resolvedAt: now })
        .where(
          and(
            inArray(
              incidents.id,
              clearing.map((i) => i.id),
            ),
            eq(incidents.status, "open"),
            lt(incidents.lastSeenAt, cutoff),
          ),
        )
        .returning()
    : [];

  if (!opened.length && !resolved.length) return result;
  const target = await alertTarget(tx, workspaceId);
  const rows = [];
  for (const [event, list] of [
    ["opened", opened],
    ["resolved", resolved],
  ] as const) {
    for (const incident of list) {
      await recordJournal(tx, {
        workspaceId,
        actor: { type: "system" },
        kind: `incident.${event}`,
        subjectId: incident.id,
        data: {
          kind: incident.kind,
          subject: incident.subject,
          ...(event === "opened" ? { detail: incident.detail } : {}),
        },
      });
      const text = alertText(
        target.locale,
        event,
        // The column is text; only the checks write it, with one of the kinds.
        { ...incident, kind: incident.kind as IncidentKind },
        target,
      );
      rows.push(...alertRows(workspaceId, target, text, `incident:${incident.id}:${event}`));
    }
  }
  if (rows.length) {
    const inserted = await tx
      .insert(outbox)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: outbox.id });
    result.queued = inserted.length;
  }
  result.opened = opened.length;
  result.resolved = resolved.length;
  return result;
}
