import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { config, type AppConfig } from "@/lib/config/env";
import { getWebhookHealth } from "@/lib/bots/webhook-health";
import type { IncidentKind } from "./kinds";

/**
 * The alert checks (docs/alerts.md). Each answers, for every workspace at once, the conditions
 * failing now; the reconciler (reconcile.ts) turns them into incidents.
 */
/** A condition failing now: the key of its incident, and the figures for the alert. */
export interface Failure {
  workspaceId: string;
  kind: IncidentKind;
  /** A provider account, bot, product or endpoint id; "" for the whole workspace. */
  subject: string;
  detail: Record<string, unknown>;
}

export interface CheckResult {
  failures: Failure[];
  /**
   * Subjects the check could not look at this time (Telegram did not answer): their open
   * incidents are left as they are, neither seen nor resolved.
   */
  unknown: { workspaceId: string; subject: string }[];
}

export interface AlertThresholds {
  paymentPendingMinutes: number;
  webhookErrorMinutes: number;
  deliveryFailedMinutes: number;
  keyPoolMin: number;
  outboxBacklogMinutes: number;
  resolveAfterMinutes: number;
}

export function configuredThresholds(c: AppConfig = config()): AlertThresholds {
  return {
    paymentPendingMinutes: c.ALERTS_PAYMENT_PENDING_MINUTES,
    webhookErrorMinutes: c.ALERTS_WEBHOOK_ERROR_MINUTES,
    deliveryFailedMinutes: c.ALERTS_DELIVERY_FAILED_MINUTES,
    keyPoolMin: c.ALERTS_KEY_POOL_MIN,
    outboxBacklogMinutes: c.ALERTS_OUTBOX_BACKLOG_MINUTES,
    resolveAfterMinutes: c.ALERTS_RESOLVE_AFTER_MINUTES,
  };
}

export interface CheckContext {
  now: Date;
  thresholds: AlertThresholds;
  /** Only this workspace (the test alert, tests); every workspace when unset. */
  workspaceId?: string;
}

type Check = (db: Executor, ctx: CheckContext) => Promise<CheckResult>;

const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
/** A timestamp parameter both drivers (PGlite, postgres) read the same. */
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const scoped = (column: string, workspaceId?: string) =>
  workspaceId ? sql`and ${sql.raw(column)} = ${workspaceId}` : sql``;

/**
 * Orders whose checkout was created (the order went pending) longer ago than the threshold and
 * that have not expired: the buyer paid and the webhook is lost, or the provider is down. One
 * incident per provider account, not per order, so fifty stuck orders are one alert. Test-mode
 * orders are left out: abandoned test checkouts are the norm while an owner sets up.
 */
export const checkStuckPayments: Check = async (db, { now, thresholds, workspaceId }) => {
  const since = minutesBefore(now, thresholds.paymentPendingMinutes);
  const rows = rowsOf<{
    workspace_id: string;
    subject: string;
    provider: string;
    orders: number;
    oldest: string;
    oldest_order_id: string;
  }>(
    await db.execute(sql`
      select workspace_id, coalesce(provider_account_id::text, provider::text) as subject,
             min(provider::text) as provider, count(*)::int as orders, min(updated_at) as oldest,
             (array_agg(id order by updated_at))[1]::text as oldest_order_id
      from "order"
      where status = 'pending' and not test and updated_at < ${at(since)}
        and (expires_at is null or expires_at > ${at(now)}) ${scoped("workspace_id", workspaceId)}
      group by 1, 2`),
  );
  return {
    failures: rows.map((r) => ({
      workspaceId: r.workspace_id,
      kind: "payment_stuck",
      subject: r.subject,
      detail: {
        provider: r.provider,
        orders: Number(r.orders),
        oldestSince: iso(r.oldest),
        oldestOrderId: r.oldest_order_id,
        minutes: thresholds.paymentPendingMinutes,
      },
    })),
    unknown: [],
  };
};

/** Bots asked at once; each is one getWebhookInfo call. */
const probeParallel = 4;

/**
 * Connected bots whose webhook Telegram reports a recent error for (getWebhookInfo's
 * last_error_date). Telegram keeps the last error after deliveries recover, so only an error
 * within the threshold counts. A bot Telegram does not answer for is unknown, not healthy.
 */
export const checkTelegramWebhooks: Check = async (db, { now, thresholds, workspaceId }) => {
  const connected = await db
    .select({ id: bots.id, workspaceId: bots.workspaceId, name: bots.name })
    .from(bots)
    .where(
      and(isNotNull(bots.webhookUrl), workspaceId ? eq(bots.workspaceId, workspaceId) : undefined),
    );
  const since = minutesBefore(now, thresholds.webhookErrorMinutes);
  const result: CheckResult = { failures: [], unknown: [] };
  let next = 0;
  const worker = async () => {
    while (next < connected.length) {
      const bot = connected[next++]!;
      try {
        const health = await getWebhookHealth(db, bot.workspaceId, bot.id);
        if (health.matches && health.lastErrorAt && health.lastErrorAt >= since)
          result.failures.push({
            workspaceId: bot.workspaceId,
            kind: "telegram_webhook",
            subject: bot.id,
            detail: {
              bot: bot.name,
              lastErrorAt: health.lastErrorAt.toISOString(),
              message: health.lastErrorMessage,
              pendingUpdates: health.pendingUpdateCount,
            },
          });
      } catch {
        result.unknown.push({ workspaceId: bot.workspaceId, subject: bot.id });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(probeParallel, connected.length) }, worker));
  return result;
};

/** Deliveries that failed within the window, one incident per product. */
export const checkFailedDeliveries: Check = async (db, { now, thresholds, workspaceId }) => {
  const since = minutesBefore(now, thresholds.deliveryFailedMinutes);
  const rows = rowsOf<{
    workspace_id: string;
    subject: string;
    product: string | null;
    failed: number;
    last_at: string;
    reason: string | null;
  }>(
    await db.execute(sql`
      select d.workspace_id, coalesce(d.product_id::text, '') as subject,
             min(p.title) as product, count(*)::int as failed, max(d.updated_at) as last_at,
             (array_agg(d.data->>'reason' order by d.updated_at desc))[1] as reason
      from delivery d left join product p on p.id = d.product_id
      where d.status = 'failed' and d.updated_at >= ${at(since)} ${scoped("d.workspace_id", workspaceId)}
      group by 1, 2`),
  );
  return {
    failures: rows.map((r) => ({
      workspaceId: r.workspace_id,
      kind: "delivery_failed",
      subject: r.subject,
      detail: {
        product: r.product,
        failed: Number(r.failed),
        lastAt: iso(r.last_at),
        reason: r.reason,
        minutes: thresholds.deliveryFailedMinutes,
      },
    })),
    unknown: [],
  };
};

/** Active license-key products with fewer unused keys than the threshold (none loaded counts). */
export const checkKeyPools: Check = async (db, { thresholds, workspaceId }) => {
  const rows = rowsOf<{ workspace_id: string; id: string; title: string; free: number }>(
    await db.execute(sql`
      select p.workspace_id, p.id::text as id, p.title,
             (select count(*)::int from license_key k
              where k.product_id = p.id and k.order_id is null and k.revoked_at is null) as free
      from product p
      where p.kind = 'license_key' and p.active ${scoped("p.workspace_id", workspaceId)}`),
  );
  return {
    failures: rows
      .filter((r) => Number(r.free) < thresholds.keyPoolMin)
      .map((r) => ({
        workspaceId: r.workspace_id,
        kind: "key_pool_low",
        subject: r.id,
        detail: { product: r.title, free: Number(r.free), min: thresholds.keyPoolMin },
      })),
    unknown: [],
  };
};

/**
 * Outbox rows due for longer than the threshold and still not done: the workers are not
 * running, or cannot keep up. Rows waiting for their time (timers, paced broadcasts, backoff)
 * are not due, so they do not count.
 */
export const checkOutboxBacklog: Check = async (db, { now, thresholds, workspaceId }) => {
  const since = minutesBefore(now, thresholds.outboxBacklogMinutes);
  const rows = rowsOf<{ workspace_id: string; rows: number; oldest: string }>(
    await db.execute(sql`
      select workspace_id, count(*)::int as rows, min(not_before) as oldest
      from outbox
      where status = 'pending' and not_before < ${at(since)} ${scoped("workspace_id", workspaceId)}
      group by 1`),
  );
  return {
    failures: rows.map((r) => ({
      workspaceId: r.workspace_id,
      kind: "outbox_backlog",
      subject: "",
      detail: {
        rows: Number(r.rows),
        oldestDueAt: iso(r.oldest),
        minutes: thresholds.outboxBacklogMinutes,
      },
    })),
    unknown: [],
  };
};

/** Outgoing webhook endpoints disabled after failing (lib/webhooks/deliver.ts), until re-enabled. */
export const checkDisabledWebhooks: Check = async (db, { workspaceId }) => {
  const rows = rowsOf<{ workspace_id: string; id: string; url: string; disabled_at: string }>(
    await db.execute(sql`
      select workspace_id, id::text as id, url, disabled_at from webhook_endpoint
      where not enabled and disabled_reason = 'failures' ${scoped("workspace_id", workspaceId)}`),
  );
  return {
    failures: rows.map((r) => ({
      workspaceId: r.workspace_id,
      kind: "webhook_disabled",
      subject: r.id,
      detail: { url: r.url, disabledAt: iso(r.disabled_at) },
    })),
    unknown: [],
  };
};

export const checks: Record<IncidentKind, Check> = {
  payment_stuck: checkStuckPayments,
  telegram_webhook: checkTelegramWebhooks,
  delivery_failed: checkFailedDeliveries,
  key_pool_low: checkKeyPools,
  outbox_backlog: checkOutboxBacklog,
  webhook_disabled: checkDisabledWebhooks,
};
