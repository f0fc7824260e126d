import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { journal, orders } from "@/lib/db/schema";
import { useTestDatabase } from "@/test/db";
import { createTestAccount } from "@/test/http";
import { createOrder } from "./create";
import { publicOrderStatus } from "./public-status";
import { orderStatuses, canTransition } from "./status";
import { transitionOrder } from "./transition";

const system = { type: "system" } as const;

describe("orders", () => {
  const db = useTestDatabase();

  async function newOrder(key = crypto.randomUUID()) {
    const owner = await createTestAccount(db());
    return db().transaction(async (tx) =>
      createOrder(
        tx,
        {
          workspaceId: owner.workspaceId,
          title: "E-book",
          productKind: "file",
          amountMinor: 49900,
          currency: "RUB",
          provider: "yookassa",
          idempotencyKey: key,
        },
        system,
      ),
    );
  }

  async function journalKinds(orderId: string) {
    const rows = await db()
      .select({ kind: journal.kind, data: journal.data })
      .from(journal)
      .where(eq(journal.orderId, orderId))
      .orderBy(journal.id);
    return rows;
  }

  it("creates one order per idempotency key, journaled once", async () => {
    const key = crypto.randomUUID();
    const first = await newOrder(key);
    const second = await db().transaction(async (tx) =>
      createOrder(tx, { ...first.order, idempotencyKey: key }, system),
    );
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, order: { id: first.order.id } });
    expect(await db().select().from(orders).where(eq(orders.idempotencyKey, key))).toHaveLength(1);
    expect((await journalKinds(first.order.id)).map((e) => e.kind)).toEqual(["order.created"]);
  });

  it("walks the lifecycle and journals every move with its cause", async () => {
    const { order } = await newOrder();
    for (const to of ["pending", "paid", "fulfilled", "refunded"] as const) {
      const result = await db().transaction((tx) =>
        transitionOrder(tx, order.id, to, {
          actor: system,
          reason: `test:${to}`,
          eventId: `e-${to}`,
        }),
      );
      expect(result.changed).toBe(true);
    }
    const [row] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ status: "refunded" });
    expect(row!.paidAt).toBeInstanceOf(Date);
    expect(row!.refundedAt).toBeInstanceOf(Date);
    const entries = await journalKinds(order.id);
    expect(entries.map((e) => e.kind)).toEqual([
      "order.created",
      "order.pending",
      "order.paid",
      "order.fulfilled",
      "order.refunded",
    ]);
    expect(entries[2]!.data).toMatchObject({
      from: "pending",
      reason: "test:paid",
      eventId: "e-paid",
    });
  });

  it("refuses a move the lifecycle forbids, changes nothing, and says so in the journal", async () => {
    const { order } = await newOrder();
    const result = await db().transaction((tx) =>
      transitionOrder(tx, order.id, "refunded", {
        actor: system,
        reason: "stripe:charge.refunded",
      }),
    );
    expect(result).toMatchObject({
      changed: false,
      refused: "An order that is created cannot become refunded",
    });
    const [row] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(row!.status).toBe("created");
    expect((await journalKinds(order.id)).map((e) => e.kind)).toEqual([
      "order.created",
      "order.transition_refused",
    ]);
  });

  it("takes a late payment: an expired order the provider reports paid becomes paid", async () => {
    const { order } = await newOrder();
    await db().transaction((tx) =>
      transitionOrder(tx, order.id, "expired", { actor: system, reason: "timeout" }),
    );
    const result = await db().transaction((tx) =>
      transitionOrder(tx, order.id, "paid", { actor: system, reason: "reconciliation" }),
    );
    expect(result.changed).toBe(true);
    const entries = await journalKinds(order.id);
    expect(entries.at(-1)).toMatchObject({
      kind: "order.paid",
      data: { from: "expired", late: true },
    });
  });

  it("makes one transition when the same event arrives five times at once", async () => {
    const { order } = await newOrder();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        db().transaction((tx) =>
          transitionOrder(tx, order.id, "paid", {
            actor: system,
            reason: "webhook",
            eventId: "evt_1",
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const paid = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "order.paid")));
    expect(paid).toHaveLength(1);
  });

  it("tells a returning buyer only what the status says, and changes nothing", async () => {
    const { order } = await newOrder();
    expect(await publicOrderStatus(db(), "not-an-id")).toBeNull();
    expect(await publicOrderStatus(db(), crypto.randomUUID())).toBeNull();
    expect(await publicOrderStatus(db(), order.id)).toMatchObject({
      title: "E-book",
      amountMinor: 49900,
      currency: "RUB",
      state: "waiting",
    });
    const [row] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(row!.status).toBe("created");
    await db().transaction((tx) =>
      transitionOrder(tx, order.id, "paid", { actor: system, reason: "test" }),
    );
    expect(await publicOrderStatus(db(), order.id)).toMatchObject({ state: "paid" });
    await db().transaction((tx) =>
      transitionOrder(tx, order.id, "refunded", { actor: system, reason: "test" }),
    );
    expect(await publicOrderStatus(db(), order.id)).toMatchObject({ state: "refunded" });
  });

  it("has no way back from refunded and no way to unpay", () => {
    for (const to of orderStatuses) expect(canTransition("refunded", to)).toBe(false);
    for (const to of ["created", "pending", "failed", "canceled", "expired"] as const) {
      expect(canTransition("paid", to)).toBe(false);
      expect(canTransition("fulfilled", to)).toBe(false);
    }
  });
});
