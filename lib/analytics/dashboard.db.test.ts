import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/analytics/route";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { ANALYTICS_RANGE, seedAnalytics, type SeededAnalytics } from "@/test/analytics";
import { dashboardFigures } from "./dashboard";

/*
 * test/analytics.ts seeds the shop; the figures below are worked out by hand from it. Both
 * workspaces get the same seed, so anything of the other workspace leaking in would double a
 * figure here.
 */
const ANALYTICS_DAYS = Array.from(
  { length: 14 },
  (_, i) => `2026-03-${String(i + 1).padStart(2, "0")}`,
);

function series(
  points: Record<string, number>,
  key: string,
  extra?: Record<string, Record<string, number>>,
) {
  return ANALYTICS_DAYS.map((bucket) => ({
    bucket,
    [key]: points[bucket] ?? 0,
    ...Object.fromEntries(Object.entries(extra ?? {}).map(([k, byDay]) => [k, byDay[bucket] ?? 0])),
  }));
}

describe("analytics dashboard figures", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let shop: SeededAnalytics;

  beforeAll(async () => {
    owner = await createTestAccount(db(), "Owner");
    shop = await seedAnalytics(db(), owner.workspaceId);
    const other = await createTestAccount(db(), "Other");
    await seedAnalytics(db(), other.workspaceId);
    // Two shops of inserts: generous on a loaded machine.
  }, 180_000);

  it("counts the whole workspace per day in its time zone", async () => {
    const d = await dashboardFigures(db(), owner.workspaceId, {
      ...ANALYTICS_RANGE,
      bucket: "day",
    });
    expect(d.range).toEqual({
      from: "2026-03-01",
      to: "2026-03-14",
      timeZone: "Europe/Moscow",
      bucket: "day",
      buckets: ANALYTICS_DAYS,
    });
    // Never summed across currencies; the refund, the test order and the order paid after
    // midnight on the 15th (Moscow) are not revenue; Clara's stars land on the 3rd, not the 2nd.
    expect(d.revenue).toEqual([
      {
        currency: "RUB",
        amountMinor: 1530000,
        orders: 4,
        series: series(
          {
            "2026-03-01": 490000,
            "2026-03-02": 490000,
            "2026-03-08": 250000,
            "2026-03-10": 300000,
          },
          "amountMinor",
          { orders: { "2026-03-01": 1, "2026-03-02": 1, "2026-03-08": 1, "2026-03-10": 1 } },
        ),
      },
      {
        currency: "USD",
        amountMinor: 1299,
        orders: 1,
        series: series({ "2026-03-09": 1299 }, "amountMinor", { orders: { "2026-03-09": 1 } }),
      },
      {
        currency: "XTR",
        amountMinor: 150,
        orders: 1,
        series: series({ "2026-03-03": 150 }, "amountMinor", { orders: { "2026-03-03": 1 } }),
      },
    ]);
    expect(d.ordersByStatus).toEqual([
      { status: "created", count: 0 },
      { status: "pending", count: 1 },
      { status: "paid", count: 2 },
      { status: "fulfilled", count: 4 },
      { status: "failed", count: 1 },
      { status: "canceled", count: 1 },
      { status: "expired", count: 0 },
      { status: "refunded", count: 1 },
    ]);
    // Elena came before the range; Fedor came at 00:30 on the 1st and bought nothing; Gleb
    // canceled; Boris and Ivan paid and have nothing delivered yet.
    expect(d.funnel).toEqual({ started: 7, checkout: 6, paid: 5, delivered: 3 });
    expect(d.topProducts).toEqual([
      {
        productId: expect.any(String),
        title: "Python course",
        currency: "RUB",
        orders: 3,
        amountMinor: 1230000,
      },
      {
        productId: expect.any(String),
        title: "Design review",
        currency: "RUB",
        orders: 1,
        amountMinor: 300000,
      },
      {
        productId: expect.any(String),
        title: "E-book",
        currency: "USD",
        orders: 1,
        amountMinor: 1299,
      },
      {
        productId: expect.any(String),
        title: "Sticker pack",
        currency: "XTR",
        orders: 1,
        amountMinor: 150,
      },
    ]);
    expect(d.contacts).toEqual({
      new: 7,
      series: series(
        {
          "2026-03-01": 2,
          "2026-03-02": 1,
          "2026-03-03": 1,
          "2026-03-05": 1,
          "2026-03-10": 1,
          "2026-03-11": 1,
        },
        "count",
      ),
    });
    expect(d.conversations).toEqual({ open: 3, waiting: 2, assigned: 1 });
    expect(d.broadcasts.totals).toEqual({
      recipients: 7,
      sent: 5,
      failed: 1,
      blocked: 1,
      clicks: 5,
    });
    expect(d.broadcasts.items.map(({ id: _id, botId: _bot, ...b }) => b)).toEqual([
      {
        name: "Second bot news",
        startedAt: "2026-03-11T10:00:00.000Z",
        total: 2,
        pending: 0,
        sent: 2,
        failed: 0,
        blocked: 0,
        cancelled: 0,
        clicks: 1,
        clickers: 1,
      },
      {
        name: "March sale",
        startedAt: "2026-03-05T10:00:00.000Z",
        total: 5,
        pending: 0,
        sent: 3,
        failed: 1,
        blocked: 1,
        cancelled: 0,
        clicks: 4,
        clickers: 3,
      },
    ]);
    // Latencies 2, 4 and 10 s: the median is 4, the 95th percentile 4 + 0.9 × 6.
    expect(d.events).toEqual({
      received: 8,
      delivered: 3,
      failed: 3,
      waiting: 2,
      deliveryRate: 0.375,
      latencyMedianSeconds: 4,
      latencyP95Seconds: 9.4,
    });
    expect(d.agents).toEqual({
      unassigned: 1,
      agents: [
        {
          agentId: shop.agents.olga,
          agentName: "Olga",
          handoffs: 2,
          answered: 2,
          resolved: 2,
          firstResponseMedianSeconds: 120,
          firstResponseMeanSeconds: 120,
          resolutionMedianSeconds: 900,
          resolutionMeanSeconds: 900,
        },
        {
          agentId: shop.agents.pavel,
          agentName: "Pavel",
          handoffs: 1,
          answered: 1,
          resolved: 0,
          firstResponseMedianSeconds: 30,
          firstResponseMeanSeconds: 30,
          resolutionMedianSeconds: null,
          resolutionMeanSeconds: null,
        },
      ],
    });
  });

  it("buckets by ISO week (Monday first), the range's first week starting before it", async () => {
    const d = await dashboardFigures(db(), owner.workspaceId, {
      ...ANALYTICS_RANGE,
      bucket: "week",
    });
    expect(d.range.buckets).toEqual(["2026-02-23", "2026-03-02", "2026-03-09"]);
    // Sunday 8 March belongs to the week of 2 March.
    expect(d.revenue.map((r) => [r.currency, r.series.map((p) => p.amountMinor)])).toEqual([
      ["RUB", [490000, 740000, 300000]],
      ["USD", [0, 0, 1299]],
      ["XTR", [0, 150, 0]],
    ]);
    expect(d.contacts.series).toEqual([
      { bucket: "2026-02-23", count: 2 },
      { bucket: "2026-03-02", count: 3 },
      { bucket: "2026-03-09", count: 2 },
    ]);
  });

  it("narrows every figure to one bot", async () => {
    const d = await dashboardFigures(db(), owner.workspaceId, {
      ...ANALYTICS_RANGE,
      bucket: "week",
      botId: shop.shopBotId,
    });
    expect(d.revenue.map((r) => [r.currency, r.amountMinor, r.orders])).toEqual([
      ["RUB", 1230000, 3],
      ["USD", 1299, 1],
      ["XTR", 150, 1],
    ]);
    expect(d.ordersByStatus.filter((s) => s.count)).toEqual([
      { status: "pending", count: 1 },
      { status: "paid", count: 1 },
      { status: "fulfilled", count: 4 },
      { status: "failed", count: 1 },
      { status: "canceled", count: 1 },
      { status: "refunded", count: 1 },
    ]);
    expect(d.funnel).toEqual({ started: 6, checkout: 5, paid: 4, delivered: 3 });
    expect(d.topProducts.map((p) => p.title)).toEqual(["Python course", "E-book", "Sticker pack"]);
    expect(d.contacts.new).toBe(6);
    expect(d.conversations).toEqual({ open: 2, waiting: 1, assigned: 1 });
    expect(d.broadcasts.items.map((b) => b.name)).toEqual(["March sale"]);
    expect(d.events).toEqual({
      received: 5,
      delivered: 3,
      failed: 2,
      waiting: 0,
      deliveryRate: 0.6,
      latencyMedianSeconds: 4,
      latencyP95Seconds: 9.4,
    });
    expect(d.agents.agents.map((a) => [a.agentName, a.handoffs])).toEqual([["Olga", 2]]);
    expect(d.agents.unassigned).toBe(1);
  });

  it("answers zeros and empty lists for a range without activity", async () => {
    const d = await dashboardFigures(db(), owner.workspaceId, {
      from: "2025-06-01",
      to: "2025-06-03",
      bucket: "day",
    });
    expect(d.range.buckets).toEqual(["2025-06-01", "2025-06-02", "2025-06-03"]);
    expect(d.revenue).toEqual([]);
    expect(d.ordersByStatus.every((s) => s.count === 0)).toBe(true);
    expect(d.funnel).toEqual({ started: 0, checkout: 0, paid: 0, delivered: 0 });
    expect(d.topProducts).toEqual([]);
    expect(d.contacts.new).toBe(0);
    // Open conversations are the inbox as it is now, whatever the range.
    expect(d.conversations.open).toBe(3);
    expect(d.broadcasts).toEqual({
      totals: { recipients: 0, sent: 0, failed: 0, blocked: 0, clicks: 0 },
      items: [],
    });
    expect(d.events).toEqual({
      received: 0,
      delivered: 0,
      failed: 0,
      waiting: 0,
      deliveryRate: null,
      latencyMedianSeconds: null,
      latencyP95Seconds: null,
    });
    expect(d.agents).toEqual({ agents: [], unassigned: 0 });
  });

  it("serves the figures to owners and admins, not to agents, and refuses a bad range", async () => {
    const res = await call(GET, "/api/v1/analytics", {
      headers: owner.session,
      query: { ...ANALYTICS_RANGE, bucket: "week", botId: shop.secondBotId },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.revenue).toEqual([
      {
        currency: "RUB",
        amountMinor: 300000,
        orders: 1,
        series: [
          { bucket: "2026-02-23", amountMinor: 0, orders: 0 },
          { bucket: "2026-03-02", amountMinor: 0, orders: 0 },
          { bucket: "2026-03-09", amountMinor: 300000, orders: 1 },
        ],
      },
    ]);
    expect(body.funnel).toEqual({ started: 1, checkout: 1, paid: 1, delivered: 0 });

    // Without a range: the last 30 days up to today in the workspace's zone.
    const recent = await call(GET, "/api/v1/analytics", { headers: owner.session });
    expect(recent.status).toBe(200);
    expect((await recent.json()).range.buckets).toHaveLength(30);

    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    const forbidden = await call(GET, "/api/v1/analytics", { headers: agent.session });
    expect(forbidden.status).toBe(403);

    const backwards = await call(GET, "/api/v1/analytics", {
      headers: owner.session,
      query: { from: "2026-03-14", to: "2026-03-01" },
    });
    expect(backwards.status).toBe(422);
    const tooLong = await call(GET, "/api/v1/analytics", {
      headers: owner.session,
      query: { from: "2024-01-01", to: "2026-03-01" },
    });
    expect(tooLong.status).toBe(422);
    const notADay = await call(GET, "/api/v1/analytics", {
      headers: owner.session,
      query: { from: "2026-02-30" },
    });
    expect(notADay.status).toBe(422);
  });
});
