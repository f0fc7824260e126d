import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Api } from "grammy";
import { z } from "zod";
import type { Db, Tx } from "@/lib/db";
import { contacts, deliveries, orders, outbox, products, sessions } from "@/lib/db/schema";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { isPaid } from "@/lib/payments/orders/status";
import { transitionOrder, type Order } from "@/lib/payments/orders/transition";
import { resumeContact } from "@/lib/runtime/engine";
import {
  DeferDelivery,
  RetryDelivery,
  type DeliveryMethodHandler,
  type Issue,
  type MethodContext,
} from "./method";
import { buyerLocale, buyerTexts, defaultIntro, escapeHtml, htmlMessage } from "./messages";
import { deliveryMethodHandlers } from "./methods";
import { resolveDelivery } from "./settings";

/**
 * Issuing an order's goods, exactly once (DESIGN.md, "Delivery and protection").
 *
 * The delivery row is unique per order, and every step runs with it locked: a replayed webhook,
 * a retried job, the flow and a staff member pressing "Deliver" at the same moment all find the
 * same row, and only the first to issue sends anything. Issuing, the message with the goods (an
 * outbox row), the order's move to fulfilled, the journal entry and the flow's outcome commit in
 * one transaction; a method that must call out (an invite link, an LMS, a file upload) commits a
 * pending row first, calls out, and finishes in a second transaction.
 */

export type DeliverOutcome =
  | { outcome: "delivered"; deliveryId: string; already: boolean }
  | { outcome: "failed"; reason: string; deliveryId?: string };

interface Begun {
  done?: DeliverOutcome;
  external?: { ctx: Omit<MethodContext, "tx">; handler: DeliveryMethodHandler };
  queued: number;
}

/** The deliver node's request, as engine.ts writes it into the outbox. */
export const deliverPayloadSchema = z.object({
  nodeId: z.string(),
  since: z.number(),
  orderId: z.string().nullable(),
  productId: z.string().nullable(),
  text: z.string(),
});

/** Transient failures of an external step are retried this many times, then the delivery fails. */
export const maxExternalAttempts = 6;

/**
 * The outbox row a deliver node queued: issue, then feed `delivered` or `failed` to the node.
 * `lock(tx)` locks the outbox row (false: another worker finished it, nothing is done); `done(tx)`
 * finishes it in the transaction that resumes the flow. While a call-out runs the row stays
 * pending under the sender's lease, so a crash there is taken up again by the next worker.
 * Throws RetryDelivery for the sender to back off, DeferDelivery to put the row back unchanged.
 */
export async function deliverForFlow(
  db: Db,
  row: { id: number; workspaceId: string; botId: string; contactId: string; attempts: number },
  payload: z.output<typeof deliverPayloadSchema>,
  deps: {
    api: () => Promise<Api>;
    lock: (tx: Tx) => Promise<boolean>;
    done: (tx: Tx) => Promise<void>;
  },
): Promise<number> {
  const resume = (tx: Tx, outcome: DeliverOutcome) =>
    resumeContact(
      tx,
      { botId: row.botId, contactId: row.contactId },
      {
        kind: "delivery",
        nodeId: payload.nodeId,
        since: payload.since,
        outcome: outcome.outcome,
        ...(outcome.outcome === "failed" ? { reason: outcome.reason } : {}),
      },
      `deliver:${row.contactId}:${payload.nodeId}:${payload.since}`,
    );
  const actor: Actor = { type: "system" };

  const begun = await db.transaction(async (tx): Promise<Begun | null> => {
    if (!(await deps.lock(tx))) return null;
    await lockSession(tx, row.contactId);
    const order = await orderToDeliver(tx, row, payload);
    const begun: Begun = order
      ? await begin(tx, order, { text: payload.text, actor })
      : { done: { outcome: "failed", reason: "no_paid_order" }, queued: 0 };
    if (begun.done) {
      await deps.done(tx);
      begun.queued += await resume(tx, begun.done);
    }
    return begun;
  });
  if (!begun?.external) return begun?.queued ?? 0;

  const finished = await callOut(db, begun.external, await deps.api(), row.attempts);
  return db.transaction(async (tx) => {
    if (!(await deps.lock(tx))) return 0;
    await lockSession(tx, row.contactId);
    const done = await finish(tx, begun.external!, finished, actor);
    await deps.done(tx);
    return done.queued + (await resume(tx, done.outcome));
  });
}

/**
 * Issues a paid order's goods outside any flow: staff pressing "Deliver" on the order page (an
 * order paid after its flow gave up, or one held because the key pool was empty). A delivery
 * that failed is tried again; one already issued is not issued twice.
 */
export async function deliverOrder(
  db: Db,
  input: { workspaceId: string; orderId: string; actor: Actor; api: () => Promise<Api> },
): Promise<DeliverOutcome> {
  const begun = await db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, input.orderId), eq(orders.workspaceId, input.workspaceId)));
    if (!order) return null;
    if (order.contactId) await lockSession(tx, order.contactId);
    return begin(tx, order, { text: "", actor: input.actor, retryFailed: true });
  });
  if (!begun) return { outcome: "failed", reason: "no_order" };
  if (begun.done) return begun.done;
  // A transient failure or a send limit is thrown to the caller; the delivery stays pending.
  const finished = await callOut(db, begun.external!, await input.api(), 1);
  return db.transaction(
    async (tx) => (await finish(tx, begun.external!, finished, input.actor)).outcome,
  );
}

/** Session before order, the interpreter's lock order (engine.ts, settle.ts). */
async function lockSession(tx: Tx, contactId: string) {
  await tx
    .select({ contactId: sessions.contactId })
    .from(sessions)
    .where(eq(sessions.contactId, contactId))
    .for("update");
}

/**
 * The order a deliver node means: the flow's own (the payment node's), or the contact's newest
 * paid order of the product. Only ever an order of this contact: goods go to their buyer.
 */
async function orderToDeliver(
  tx: Tx,
  row: { workspaceId: string; contactId: string },
  payload: z.output<typeof deliverPayloadSchema>,
): Promise<Order | undefined> {
  const mine = and(eq(orders.workspaceId, row.workspaceId), eq(orders.contactId, row.contactId));
  if (payload.orderId) {
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(mine, eq(orders.id, payload.orderId)));
    if (order) return order;
  }
  if (!payload.productId) return undefined;
  const [order] = await tx
    .select()
    .from(orders)
    .where(
      and(
        mine,
        eq(orders.productId, payload.productId),
        inArray(orders.status, ["paid", "fulfilled"]),
      ),
    )
    .orderBy(desc(orders.paidAt))
    .limit(1);
  return order;
}

/** The first transaction: find or create the delivery row, and issue if no call-out is needed. */
async function begin(
  tx: Tx,
  order: Order,
  options: { text: string; actor: Actor; retryFailed?: boolean },
): Promise<Begun> {
  const failed = (reason: string): Begun => ({ done: { outcome: "failed", reason }, queued: 0 });
  const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
  if (!locked) return failed("no_order");
  if (!isPaid(locked.status)) return failed(`order_${locked.status}`);
  const [product] = locked.productId
    ? await tx.select().from(products).where(eq(products.id, locked.productId))
    : [];
  if (!product) return failed("product_deleted");
  const [contact] = locked.contactId
    ? await tx.select().from(contacts).where(eq(contacts.id, locked.contactId))
    : [];
  if (!contact) return failed("contact_deleted");
  const settings = resolveDelivery(product.kind, product.delivery);

  await tx
    .insert(deliveries)
    .values({
      workspaceId: locked.workspaceId,
      orderId: locked.id,
      productId: product.id,
      contactId: contact.id,
      botId: locked.botId,
      method: settings.method,
      status: "pending",
    })
    .onConflictDoNothing();
  const [delivery] = await tx
    .select()
    .from(deliveries)
    .where(eq(deliveries.orderId, locked.id))
    .for("update");
  if (!delivery) throw new Error(`delivery of order ${locked.id} vanished`);
  switch (delivery.status) {
    case "issued":
    case "expired":
      return { done: { outcome: "delivered", deliveryId: delivery.id, already: true }, queued: 0 };
    case "revoked":
      return failed("revoked");
    case "failed":
      if (!options.retryFailed) return failed(String(delivery.data.reason ?? "failed"));
      break;
    case "pending":
      break;
  }
  // A retry issues with the product's current method (staff may have fixed the settings).
  if (delivery.status === "failed" || delivery.method !== settings.method)
    await tx
      .update(deliveries)
      .set({ status: "pending", method: settings.method, updatedAt: sql`now()` })
      .where(eq(deliveries.id, delivery.id));

  const locale = buyerLocale(contact.languageCode);
  const intro =
    options.text.trim() || settings.message.trim() || defaultIntro(locked.title, locale);
  const ctx: MethodContext = {
    tx,
    order: locked,
    product,
    settings,
    contact,
    delivery: { ...delivery, method: settings.method },
    locale,
    intro: escapeHtml(intro),
    now: new Date(),
  };
  const handler = deliveryMethodHandlers[settings.method];
  if (!handler) return applyIssue(ctx, unavailable(ctx), options.actor);
  const issue = await handler.issue(ctx);
  if (issue.status === "external") {
    const { tx: _, ...rest } = ctx;
    return { external: { ctx: rest, handler }, queued: 0 };
  }
  return applyIssue(ctx, issue, options.actor);
}

function unavailable(ctx: MethodContext): Issue {
  return {
    status: "failed",
    reason: "method_unavailable",
    buyerText: buyerTexts[ctx.locale].failed(ctx.order.title),
  };
}

/** The call-out, outside any transaction; its failure is an answer, not an exception. */
async function callOut(
  db: Db,
  external: NonNullable<Begun["external"]>,
  api: Api,
  attempt: number,
): Promise<{ ok: true; result: Record<string, unknown> } | { ok: false; error: string }> {
  try {
    const result = await external.handler.external!({ ...external.ctx, db, api, attempt });
    return { ok: true, result };
  } catch (err) {
    if (err instanceof DeferDelivery) throw err;
    if (err instanceof RetryDelivery && attempt < maxExternalAttempts) throw err;
    return { ok: false, error: (err as Error).message };
  }
}

/** The second transaction of a call-out: issue with its answer, unless someone finished first. */
async function finish(
  tx: Tx,
  external: NonNullable<Begun["external"]>,
  answer: Awaited<ReturnType<typeof callOut>>,
  actor: Actor,
): Promise<{ outcome: DeliverOutcome; queued: number }> {
  const { ctx, handler } = external;
  const [delivery] = await tx
    .select()
    .from(deliveries)
    .where(eq(deliveries.id, ctx.delivery.id))
    .for("update");
  if (!delivery) return { outcome: { outcome: "failed", reason: "no_delivery" }, queued: 0 };
  if (delivery.status !== "pending")
    return {
      outcome:
        delivery.status === "issued"
          ? { outcome: "delivered", deliveryId: delivery.id, already: true }
          : { outcome: "failed", reason: String(delivery.data.reason ?? delivery.status) },
      queued: 0,
    };
  const full: MethodContext = { ...ctx, tx, delivery };
  const issue: Issue = answer.ok
    ? await handler.finalize!(full, answer.result)
    : {
        status: "failed",
        reason: "external_failed",
        buyerText: "",
        data: { error: answer.error },
      };
  const begun = await applyIssue(full, issue, actor);
  return { outcome: begun.done!, queued: begun.queued };
}

/** Writes what the method decided: the row, the messages, the order, the journal. */
async function applyIssue(ctx: MethodContext, issue: Issue, actor: Actor): Promise<Begun> {
  const { tx, order, delivery, contact } = ctx;
  if (issue.status === "external") throw new Error("finalize must not answer external");
  const journal = (kind: string, data: Record<string, unknown>) =>
    recordJournal(tx, {
      workspaceId: order.workspaceId,
      actor,
      kind,
      botId: order.botId,
      contactId: order.contactId,
      orderId: order.id,
      subjectId: delivery.id,
      data: { method: ctx.settings.method, ...data },
    });
  const outboxRow = (kind: string, payload: Record<string, unknown>, key: string) => ({
    workspaceId: order.workspaceId,
    botId: order.botId,
    contactId: contact.id,
    kind,
    payload,
    idempotencyKey: `delivery:${delivery.id}:${ctx.now.getTime()}:${key}`,
    priority: 0,
    chatId: kind === "telegram" ? contact.channelUserId : null,
  });

  if (issue.status === "issued") {
    await tx
      .update(deliveries)
      .set({
        status: "issued",
        ...issue.set,
        data: { ...delivery.data, ...issue.data, reason: null },
        updatedAt: sql`now()`,
      })
      .where(eq(deliveries.id, delivery.id));
    const rows = issue.messages.map((call, i) =>
      outboxRow("telegram", { method: call.method, params: call.params }, `m${i}`),
    );
    if (rows.length) await tx.insert(outbox).values(rows).onConflictDoNothing();
    if (order.status === "paid")
      await transitionOrder(tx, order.id, "fulfilled", {
        actor,
        reason: "delivery.issued",
        data: { deliveryId: delivery.id },
      });
    await journal("delivery.issued", issue.data ?? {});
    return {
      done: { outcome: "delivered", deliveryId: delivery.id, already: false },
      queued: rows.length,
    };
  }

  // Failed: the buyer paid, so they are told, and staff see it in the journal (and the order).
  const handling = issue.refund ? "refund" : "hold";
  await tx
    .update(deliveries)
    .set({
      status: "failed",
      data: { ...delivery.data, ...issue.data, reason: issue.reason, handling },
      updatedAt: sql`now()`,
    })
    .where(eq(deliveries.id, delivery.id));
  const buyerText = issue.buyerText || buyerTexts[ctx.locale].failed(order.title);
  // Told once: staff trying again on a still-empty pool does not message the buyer again.
  const toldBefore = typeof delivery.data.reason === "string";
  const rows = toldBefore
    ? []
    : [
        outboxRow(
          "telegram",
          htmlMessage(contact.channelUserId, [escapeHtml(buyerText)]) as Record<string, unknown>,
          "failed",
        ),
      ];
  if (issue.refund)
    rows.push(outboxRow("refund", { orderId: order.id, reason: issue.reason }, "refund"));
  if (rows.length) await tx.insert(outbox).values(rows).onConflictDoNothing();
  await journal(issue.reason === "out_of_stock" ? "delivery.out_of_stock" : "delivery.failed", {
    reason: issue.reason,
    handling,
    ...issue.data,
  });
  return {
    done: { outcome: "failed", reason: issue.reason, deliveryId: delivery.id },
    queued: rows.length,
  };
}
