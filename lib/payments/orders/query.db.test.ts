import { beforeAll, describe, expect, it } from "vitest";
import { contacts, paymentEvents } from "@/lib/db/schema";
import { createBot } from "@/lib/bots/bots";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { TELEGRAM_TOKEN } from "@/test/security/routes";
import { GET as LIST } from "@/app/api/v1/orders/route";
import { GET } from "@/app/api/v1/orders/[id]/route";
import { createOrder, type NewOrder } from "./create";
import { transitionOrder } from "./transition";
import type { OrderStatus } from "./status";

const system = { type: "system" } as const;

describe("orders list and timeline", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let other: TestAccount;
  let paidId: string;
  let n = 0;

  async function seed(values: Partial<NewOrder>, path: OrderStatus[] = []) {
    const { order } = await db().transaction((tx) =>
      createOrder(
        tx,
        {
          workspaceId: owner.workspaceId,
          title: "E-book",
          productKind: "file",
          amountMinor: 49900,
          currency: "RUB",
          provider: "yookassa",
          idempotencyKey: `q-${++n}`,
          ...values,
        },
        system,
      ),
    );
    for (const to of path) {
      await db().transaction((tx) =>
        transitionOrder(tx, order.id, to, { actor: system, reason: `yookassa:payment.${to}` }),
      );
    }
    return order;
  }

  const list = async (query: Record<string, string> = {}, headers = owner.session) => {
    const res = await call(LIST, "/api/v1/orders", { query, headers });
    expect(res.status).toBe(200);
    return (await res.json()) as {
      data: { id: string; title: string; status: string; contact: { name: string } | null }[];
      nextCursor: string | null;
    };
  };

  beforeAll(async () => {
    owner = await createTestAccount(db());
    other = await createTestAccount(db(), "Other");
    const bot = await createBot(db(), {
      workspaceId: owner.workspaceId,
      name: "Shop bot",
      token: TELEGRAM_TOKEN,
      actor: system,
    });
    const [anna] = await db()
      .insert(contacts)
      .values({
        workspaceId: owner.workspaceId,
        botId: bot.id,
        channelUserId: "1001",
        firstName: "Anna",
        lastName: "Petrova",
        username: "anna_p",
      })
      .returning();
    const paid = await seed({ title: "Course 50% off", contactId: anna!.id, botId: bot.id }, [
      "pending",
      "paid",
    ]);
    paidId = paid.id;
    await db().insert(paymentEvents).values({
      workspaceId: owner.workspaceId,
      orderId: paid.id,
      provider: "yookassa",
      eventId: "evt-1",
      type: "payment.succeeded",
    });
    await seed({ title: "Stars pack", provider: "stars", currency: "XTR", amountMinor: 150 });
    await seed({ title: "Test order", provider: "stripe", currency: "USD", test: true }, [
      "failed",
    ]);
    for (let i = 0; i < 4; i++) await seed({ title: `Filler ${i}` });
  });

  it("filters by status, provider, mode and search", async () => {
    expect((await list({ status: "paid" })).data.map((o) => o.id)).toEqual([paidId]);
    expect((await list({ provider: "stars" })).data.map((o) => o.title)).toEqual(["Stars pack"]);
    expect((await list({ mode: "test" })).data.map((o) => o.title)).toEqual(["Test order"]);
    expect((await list({ mode: "live" })).data).toHaveLength(6);
    expect((await list({ q: "petrova" })).data.map((o) => o.id)).toEqual([paidId]);
    expect((await list({ q: "@anna_p" })).data[0]?.contact?.name).toBe("Anna Petrova");
    expect((await list({ q: "50%" })).data.map((o) => o.id)).toEqual([paidId]);
    expect((await list({ q: "0%" })).data).toHaveLength(1);
    expect((await list({ q: paidId })).data.map((o) => o.id)).toEqual([paidId]);
    expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).data).toEqual([]);
  });

  it("pages newest first without skipping or repeating", async () => {
    const all = (await list()).data.map((o) => o.id);
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list({ limit: "3", ...(cursor ? { cursor } : {}) });
      seen.push(...page.data.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await list({ cursor: "garbage" })).data).toEqual([]);
  });

  it("tells an order's story oldest first: journal and provider events merged", async () => {
    const res = await call(GET, `/api/v1/orders/${paidId}`, {
      params: { id: paidId },
      headers: owner.apiKey,
    });
    expect(res.status).toBe(200);
    const { order, timeline } = await res.json();
    expect(order).toMatchObject({ status: "paid", contact: { username: "anna_p" } });
    expect(order.bot.name).toBe("Shop bot");
    expect(timeline.map((e: { kind?: string; type?: string }) => e.kind ?? e.type)).toEqual([
      "order.created",
      "order.pending",
      "order.paid",
      "payment.succeeded",
    ]);
    expect(timeline[2]).toMatchObject({
      source: "journal",
      data: { from: "pending", reason: "yookassa:payment.paid" },
    });
  });

  it("shows another workspace nothing", async () => {
    expect((await list({}, other.session)).data).toEqual([]);
    const res = await call(GET, `/api/v1/orders/${paidId}`, {
      params: { id: paidId },
      headers: other.session,
    });
    expect(res.status).toBe(404);
  });
});
