import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { addressProblem } from "@/lib/jobs/http";
import { recordJournal } from "@/lib/journal/record";
import { logger } from "@/lib/log";
import { testWebhookEvent } from "./events";
import { signWebhook } from "./signature";

/**
 * The outgoing webhooks' worker (docs/webhooks.md). Every process runs it; deliveries are claimed
 * with FOR UPDATE SKIP LOCKED and a lease (next_attempt_at moved past the request's timeout), so
 * processes share the work and a process that dies mid-request leaves its rows to be taken again.
 *
 * A failed attempt is retried with growing delays until 24 hours after the delivery was queued,
 * then the delivery has failed for good. An endpoint whose deliveries fail for good
 * `disableAfter` times in a row (no success in between) is disabled, journaled and alerted.
 */

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/** Delays after the 1st, 2nd, … failed attempt; the last one repeats. */
export const retryDelaysSeconds = [10, 30, 90, 270, 810, 2430, 7290, 21600];
export const retryWindowMs = 24 * 3600 * 1000;
export const defaultDisableAfter = 5;
const timeoutMs = 10_000;
/** Longer than the request's timeout, so a live attempt is never claimed twice. */
const leaseMs = 30_000;
const maxErrorLength = 300;

export interface WebhookWorkerOptions {
  /** The clock (tests move it forward instead of waiting). */
  now?: () => Date;
  /**
   * Deliver to private and loopback addresses. Off unless the operator sets
   * WEBHOOKS_ALLOW_PRIVATE=1 (a receiver on the shop's own network); tests turn it on to reach
   * their local receiver.
   */
  allowPrivateAddresses?: boolean;
  batch?: number;
  disableAfter?: number;
}

export function retryDelayMs(failedAttempts: number): number {
  const i = Math.min(Math.max(failedAttempts, 1), retryDelaysSeconds.length) - 1;
  return retryDelaysSeconds[i]! * 1000;
}

/** Claims the due deliveries of enabled endpoints and attempts each; returns how many. */
export async function deliverDueWebhooks(
  db: Db,
  options: WebhookWorkerOptions = {},
): Promise<number> {
  const now = (options.now ?? (() => new Date()))();
  const claimed = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(
      sql`${webhookDeliveries.id} in (
        select d.id from webhook_delivery d
        join webhook_endpoint e on e.id = d.endpoint_id and e.enabled
        where d.status = 'pending'
          -- Due by the clock's millisecond: the database keeps microseconds, so a row queued
          -- in the same millisecond as this reading is due too.
          and d.next_attempt_at < ${now.toISOString()}::timestamptz + interval '1 millisecond'
        order by d.next_attempt_at
        limit ${options.batch ?? 20}
        for update of d skip locked)`,
    )
    .returning();
  await Promise.all(claimed.map((row) => attemptDelivery(db, row, options)));
  return claimed.length;
}

/**
 * Resend (from the delivery log): a new attempt now, whatever the delivery's status. It is
 * claimed like the worker claims, so the worker leaves it alone while the request is made.
 */
export async function resendDelivery(
  db: Db,
  delivery: Pick<WebhookDelivery, "id">,
  options: WebhookWorkerOptions = {},
): Promise<WebhookDelivery> {
  const now = (options.now ?? (() => new Date()))();
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: "pending", nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(eq(webhookDeliveries.id, delivery.id))
    .returning();
  if (!row) throw new Error(`resendDelivery: no delivery ${delivery.id}`);
  return attemptDelivery(db, row, { ...options, manual: true });
}

async function attemptDelivery(
  db: Db,
  row: WebhookDelivery,
  options: WebhookWorkerOptions & { manual?: boolean },
): Promise<WebhookDelivery> {
  const clock = options.now ?? (() => new Date());
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, row.endpointId));
  if (!endpoint) return row;
  const started = clock();
  const answer = await post(endpoint.url, decryptSecret(endpoint.secretEncrypted), row, {
    now: started,
    allowPrivate: options.allowPrivateAddresses === true,
  });
  const at = clock();
  const entry = {
    at: at.toISOString(),
    status: answer.status ?? null,
    error: answer.error ?? null,
    ms: Math.max(0, at.getTime() - started.getTime()),
  };
  const attempts = row.attempts + 1;
  const log = sql`${webhookDeliveries.log} || ${JSON.stringify([entry])}::jsonb`;

  // Lock order, endpoint before delivery, in every transaction here: a give-up that disables the
  // endpoint fails its other pending deliveries, which concurrent attempts hold.
  if (answer.ok) {
    return db.transaction(async (tx) => {
      await tx
        .update(webhookEndpoints)
        .set({ consecutiveFailures: 0 })
        .where(and(eq(webhookEndpoints.id, endpoint.id), sql`consecutive_failures <> 0`));
      const [done] = await tx
        .update(webhookDeliveries)
        .set({
          status: "delivered",
          attempts,
          lastStatusCode: answer.status ?? null,
          lastError: null,
          log,
          deliveredAt: at,
        })
        .where(eq(webhookDeliveries.id, row.id))
        .returning();
      return done ?? row;
    });
  }

  const next = new Date(at.getTime() + retryDelayMs(attempts));
  const giveUp =
    answer.refused === true ||
    row.event === testWebhookEvent ||
    !endpoint.enabled ||
    next.getTime() > row.createdAt.getTime() + retryWindowMs;
  return db.transaction(async (tx) => {
    // Only the worker's own give-ups count towards disabling: a manual resend of an old delivery
    // or a test event says nothing new about the endpoint.
    if (giveUp && !options.manual && row.event !== testWebhookEvent)
      await countFailure(tx, endpoint.id, endpoint.workspaceId, options.disableAfter);
    const [failed] = await tx
      .update(webhookDeliveries)
      .set({
        status: giveUp ? "failed" : "pending",
        attempts,
        lastStatusCode: answer.status ?? null,
        lastError: answer.error ?? null,
        log,
        nextAttemptAt: giveUp ? at : next,
      })
      .where(eq(webhookDeliveries.id, row.id))
      .returning();
    return failed ?? row;
  });
}

async function countFailure(
  tx: Tx,
  endpointId: string,
  workspaceId: string,
  disableAfter = defaultDisableAfter,
): Promise<void> {
  const [counted] = await tx
    .update(webhookEndpoints)
    .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning();
  if (!counted || !counted.enabled || counted.consecutiveFailures < disableAfter) return;
  await disableEndpoint(tx, { id: endpointId, workspaceId }, "failures", { type: "system" });
  await recordJournal(tx, {
    workspaceId,
    actor: { type: "system" },
    kind: "alert.webhook_disabled",
    subjectId: endpointId,
    data: {
      url: counted.url,
      reason: `${counted.consecutiveFailures} deliveries in a row failed for 24 hours`,
    },
  });
  logger.warn({ endpointId, workspaceId }, "webhook endpoint disabled after repeated failures");
}

/**
 * Disables an endpoint (automatically, or by staff) and fails its waiting deliveries: nothing
 * is sent to a disabled endpoint, and a delivery can be resent once it is enabled again.
 */
export async function disableEndpoint(
  tx: Tx,
  endpoint: { id: string; workspaceId: string },
  reason: "failures" | "manual",
  actor: Parameters<typeof recordJournal>[1]["actor"],
): Promise<boolean> {
  const [disabled] = await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledAt: new Date(), disabledReason: reason, updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)))
    .returning({ url: webhookEndpoints.url });
  if (!disabled) return false;
  await tx
    .update(webhookDeliveries)
    .set({ status: "failed", lastError: "endpoint disabled" })
    .where(
      and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.status, "pending")),
    );
  await recordJournal(tx, {
    workspaceId: endpoint.workspaceId,
    actor,
    kind: "webhook_endpoint.disabled",
    subjectId: endpoint.id,
    data: { url: disabled.url, reason },
  });
  return true;
}

interface PostAnswer {
  ok: boolean;
  status?: number;
  error?: string;
  /** Not sent, and a retry would not be either (a private address, not http). */
  refused?: boolean;
}

async function post(
  rawUrl: string,
  secret: string,
  row: WebhookDelivery,
  options: { now: Date; allowPrivate: boolean },
): Promise<PostAnswer> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, error: "not a valid URL", refused: true };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, error: "only http and https URLs", refused: true };
  if (!options.allowPrivate) {
    const problem = await addressProblem(url.hostname.replace(/^\[|\]$/g, ""));
    // A name that does not resolve now may later: retried; a private address is refused.
    if (problem) return { ok: false, error: problem.error, refused: problem.lasting };
  }
  const body = JSON.stringify(row.payload);
  const t = Math.floor(options.now.getTime() / 1000);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Botshop-Webhooks/1",
        "botshop-event": row.event,
        "botshop-delivery": String(row.id),
        "botshop-signature": signWebhook(secret, t, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text().catch(() => "");
    if (response.status >= 200 && response.status < 300)
      return { ok: true, status: response.status };
    return {
      ok: false,
      status: response.status,
      error: `HTTP ${response.status}${text ? `: ${text}` : ""}`.slice(0, maxErrorLength),
    };
  } catch (err) {
    const e = err as Error;
    return {
      ok: false,
      error: (e.name === "TimeoutError" ? "timed out after 10 s" : e.message).slice(
        0,
        maxErrorLength,
      ),
    };
  }
}
