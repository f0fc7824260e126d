import "server-only";
import { startPeriodic } from "@/lib/jobs/periodic";
import { and, eq, gt, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { journal, orders, paymentProviders } from "@/lib/db/schema";
import { recordJournal } from "@/lib/journal/record";
import { logger } from "@/lib/log";
import { adapterFor } from "./adapters";
import { applyProviderEvent } from "./events";
import { providerAccountById } from "./providers/accounts";

export interface ReconcileOptions {
  /** Ask about orders that have waited at least this long (a webhook should have come by then). */
  afterMs?: number;
  /** Alert staff (journal `payment.unresolved`) about orders still open after this long. */
  alertAfterMs?: number;
  /** Orders looked at per run. */
  batch?: number;
  now?: number;
}

/** How long closed orders are still asked about (late payments). */
const lateWindowMs = 2 * 24 * 60 * 60_000;

export const reconcileDefaults = {
  afterMs: 10 * 60_000,
  alertAfterMs: 2 * 60 * 60_000,
  batch: 100,
};

/**
 * A lost webhook delays a delivery but never loses it (DESIGN.md, Payments): orders still
 * open some minutes after their checkout was created are looked up at the provider, and what
 * the provider says goes through the same path as a webhook (applyProviderEvent: recorded once,
 * state machine, flow resumed). Orders still open long after are journaled once as
 * `payment.unresolved` for staff. Stars and Telegram Payments have no status to ask for: their
 * outcome only ever arrives as an update, which Telegram redelivers until we accept it.
 * Returns how many orders changed, and whether any flow queued messages.
 */
export async function reconcileOrders(
  db: Db,
  options: ReconcileOptions = {},
): Promise<{ checked: number; changed: number; queued: number; alerted: number }> {
  const { afterMs, alertAfterMs, batch } = { ...reconcileDefaults, ...options };
  const now = options.now ?? Date.now();
  const open = await db
    .select({ order: orders })
    .from(orders)
    // Orders whose provider account is gone cannot be asked about; leave them to the alert.
    .innerJoin(paymentProviders, eq(paymentProviders.id, orders.providerAccountId))
    .where(
      and(
        inArray(orders.provider, ["stripe", "yookassa"]),
        isNotNull(orders.providerPaymentId),
        lt(orders.updatedAt, new Date(now - afterMs)),
        or(
          inArray(orders.status, ["created", "pending"]),
          // A payment can still succeed after we gave up on it (a checkout outliving the
          // node's timeout): closed orders are asked about for two days, so money taken late
          // is seen even when its webhook is lost.
          and(
            inArray(orders.status, ["failed", "canceled", "expired"]),
            gt(orders.updatedAt, new Date(now - lateWindowMs)),
          ),
        ),
      ),
    )
    // Random, so orders the provider keeps answering "pending" for cannot starve the rest.
    .orderBy(sql`random()`)
    .limit(batch)
    .then((rows) => rows.map((r) => r.order));

  let changed = 0;
  let queued = 0;
  for (const order of open) {
    const provider = order.provider;
    if (provider !== "stripe" && provider !== "yookassa") continue;
    const account = order.providerAccountId
      ? await providerAccountById(db, order.providerAccountId, provider)
      : null;
    if (!account || !order.providerPaymentId) continue;
    try {
      const payment = await adapterFor(account).getPayment(order.providerPaymentId);
      const applied = await db.transaction((tx) =>
        applyProviderEvent(tx, {
          workspaceId: order.workspaceId,
          provider,
          // The same key a YooKassa notification of this status gets: one record either way.
          event: {
            eventId: `${payment.providerPaymentId}:${payment.status}`,
            type: `reconciled.${payment.status}`,
            payment: { ...payment, orderId: payment.orderId ?? order.id },
          },
          via: "reconciliation",
        }),
      );
      if (applied.changed) changed++;
      queued += applied.queued;
    } catch (err) {
      logger.warn(
        { orderId: order.id, provider, err },
        "reconciliation could not ask the provider",
      );
    }
  }
  const alerted = await alertUnresolved(db, now - alertAfterMs);
  return { checked: open.length, changed, queued, alerted };
}

/** Journals `payment.unresolved` once per order that has stayed open too long. */
async function alertUnresolved(db: Db, before: number): Promise<number> {
  const stale = await db
    .select()
    .from(orders)
    .where(
      and(
        inArray(orders.status, ["created", "pending"]),
        lt(orders.createdAt, new Date(before)),
        sql`not exists (select 1 from ${journal} where ${journal.orderId} = ${orders.id} and ${journal.kind} = 'payment.unresolved')`,
      ),
    )
    .limit(100);
  for (const order of stale) {
    await recordJournal(db, {
      workspaceId: order.workspaceId,
      actor: { type: "system" },
      kind: "payment.unresolved",
      botId: order.botId,
      contactId: order.contactId,
      orderId: order.id,
      data: {
        provider: order.provider,
        status: order.status,
        since: order.createdAt.toISOString(),
      },
    });
    logger.warn({ orderId: order.id, provider: order.provider }, "payment unresolved");
  }
  return stale.length;
}

/** Runs reconciliation every `everyMs` in this process (lib/startup/node.ts). */
export function startReconciler(
  db: Db,
  options: ReconcileOptions & { everyMs?: number; onQueued?: () => void } = {},
): () => void {
  return startPeriodic("reconciliation", options.everyMs ?? 60_000, async () => {
    const r = await reconcileOrders(db, options);
    if (r.queued) options.onQueued?.();
  });
}
