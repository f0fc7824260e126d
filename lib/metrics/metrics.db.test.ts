import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call } from "@/test/http";
import { createRuntimeShop, unlimitedSendLimits, type RuntimeShop } from "@/test/runtime";
import { publishableDocument } from "@/test/flows";
import { useFakeTelegram } from "@/test/telegram";
import { messageUpdate, telegramFailures } from "@/test/fakes/telegram";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import { outbox } from "@/lib/db/schema";
import { drainOutbox } from "@/lib/jobs/sender";
import { saveProvider } from "@/lib/payments/providers/accounts";
import { telegramApi } from "@/lib/telegram/client";
import { metrics } from "@/lib/metrics/registry";
import * as metricsRoute from "@/app/api/metrics/route";
import { POST as stripeWebhook } from "@/app/api/payments/stripe/[providerId]/route";
import { POST as sendEvent } from "@/app/api/v1/events/route";

const TOKEN = "metrics-token-for-tests-0123456789";

/** Samples of the Prometheus text format: `name{a="x",b="y"} value` lines. */
function parse(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries(
        [...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
      );
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** The samples of one metric, as "label=value,…" → value (labels sorted; "" when none). */
function samples(text: string, name: string): Record<string, number> {
  return Object.fromEntries(
    parse(text)
      .filter((s) => s.name === name)
      .map((s) => [
        Object.entries(s.labels)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${v}`)
          .join(","),
        s.value,
      ]),
  );
}

describe("metrics", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let previous: AppConfig;
  let shop: RuntimeShop;
  let stripeId: string;
  let chat = 100;

  beforeAll(async () => {
    previous = config();
    setConfigForTests({ ...previous, METRICS_TOKEN: TOKEN });
    shop = await createRuntimeShop(db(), telegram());
    await shop.publish(publishableDocument("Hi"));
    const { row } = await saveProvider(db(), {
      workspaceId: shop.workspaceId,
      kind: "stripe",
      values: {
        mode: "test",
        secretKey: "sk_test_51AbCdEfGhIjKlMnOpQrStUv4242",
        webhookSecret: "whsec_metricsmetricsmetrics",
      },
      actor: { type: "system" },
    });
    stripeId = row.id;
  });
  afterAll(() => setConfigForTests(previous));

  beforeEach(async () => {
    metrics().registry.resetMetrics();
    await db().delete(outbox);
  });

  const scrape = async () => {
    const res = await call(metricsRoute.GET, "/api/metrics", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  const start = () =>
    shop.deliver({ ...messageUpdate({ chatId: ++chat, text: "/start" }), update_id: chat });

  it("counts failed verifications and times every webhook by source and outcome", async () => {
    expect(
      (
        await shop.deliver(
          { update_id: 1, ...messageUpdate({ chatId: 1, text: "/start" }) },
          "wrong",
        )
      ).status,
    ).toBe(401);
    expect(
      (await shop.deliver({ update_id: 2, ...messageUpdate({ chatId: 1, text: "/start" }) }, ""))
        .status,
    ).toBe(401);
    expect((await start()).status).toBe(200);

    const stripe = (headers: Record<string, string>) =>
      stripeWebhook(
        new Request(`http://localhost:3000/api/payments/stripe/${stripeId}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ id: "evt_1", type: "checkout.session.completed" }),
        }),
        { params: Promise.resolve({ providerId: stripeId }) },
      );
    expect((await stripe({ "stripe-signature": "t=1700000000,v1=0000" })).status).toBe(400);
    expect((await stripe({})).status).toBe(400);

    const event = await call(sendEvent, "/api/v1/events", {
      method: "POST",
      headers: { authorization: "Bearer bsk_not_a_key", "idempotency-key": "k1" },
      body: { type: "order.shipped" },
    });
    expect(event.status).toBe(401);

    const text = await scrape();
    expect(samples(text, "botshop_webhook_verification_failures_total")).toEqual({
      "reason=secret_token,source=telegram": 2,
      "reason=bad_signature,source=stripe": 1,
      "reason=missing_signature,source=stripe": 1,
      "reason=unauthorized,source=events": 1,
    });
    expect(samples(text, "botshop_webhook_duration_seconds_count")).toEqual({
      "outcome=rejected,source=telegram": 2,
      "outcome=ok,source=telegram": 1,
      "outcome=rejected,source=stripe": 2,
      "outcome=rejected,source=events": 1,
    });
    // Every observation falls in some bucket: the +Inf bucket holds them all.
    expect(
      samples(text, "botshop_webhook_duration_seconds_bucket")[
        "le=+Inf,outcome=ok,source=telegram"
      ],
    ).toBe(1);
    expect(text).toContain("# TYPE botshop_webhook_duration_seconds histogram");
    // The default process metrics are there too.
    expect(text).toContain("# TYPE process_cpu_seconds_total counter");
  });

  it("reads the outbox backlog per kind when scraped", async () => {
    expect((await start()).status).toBe(200); // /start → "Hi": one telegram row, due now
    const row = (kind: string, key: string, created: string, notBefore: string) => ({
      workspaceId: shop.workspaceId,
      kind,
      payload: {},
      idempotencyKey: key,
      createdAt: sql`now() - ${created}::interval`,
      notBefore: sql`now() + ${notBefore}::interval`,
    });
    await db()
      .insert(outbox)
      .values([
        // A timer written an hour ago for an hour from now: pending, not due.
        row("timer", "m:timer", "1 hour", "1 hour"),
        // Two http calls due for 10 and 5 minutes, nobody took them.
        row("http", "m:http:1", "10 minutes", "-10 minutes"),
        row("http", "m:http:2", "5 minutes", "-5 minutes"),
      ]);
    await db()
      .insert(outbox)
      .values({ ...row("http", "m:http:done", "2 hours", "-2 hours"), status: "sent" });

    const text = await scrape();
    expect(samples(text, "botshop_outbox_pending")).toEqual({
      "kind=http": 2,
      "kind=telegram": 1,
      "kind=timer": 1,
    });
    const oldest = samples(text, "botshop_outbox_oldest_pending_seconds");
    const due = samples(text, "botshop_outbox_oldest_due_seconds");
    // Ages are measured when scraped: the test's own run time (well under a minute) is added.
    expect(oldest["kind=timer"]).toBeGreaterThanOrEqual(3600);
    expect(oldest["kind=timer"]).toBeLessThan(3660);
    expect(oldest["kind=http"]).toBeGreaterThanOrEqual(600);
    expect(oldest["kind=http"]).toBeLessThan(660);
    expect(due["kind=timer"]).toBe(0);
    expect(due["kind=http"]).toBeGreaterThanOrEqual(600);
    expect(due["kind=http"]).toBeLessThan(660);
    expect(due["kind=telegram"]).toBeLessThan(60);

    // Sent: telegram and http report 0 once seen, rather than vanishing.
    await db().update(outbox).set({ status: "sent" }).where(eq(outbox.status, "pending"));
    expect(samples(await scrape(), "botshop_outbox_pending")).toEqual({
      "kind=http": 0,
      "kind=telegram": 0,
      "kind=timer": 0,
    });
  });

  it("counts Telegram's 429s and the sender's failed and retried rows by kind", async () => {
    const drain = () => drainOutbox(db(), { api: telegramApi, limits: unlimitedSendLimits });
    // 429: held back exactly retry_after; neither failed nor retried.
    await start();
    telegram().failNext("sendMessage", telegramFailures.tooManyRequests(7));
    await drain();
    // A refusal (400): failed for good.
    await start();
    telegram().failNext("sendMessage", telegramFailures.chatNotFound);
    await drain();
    // A 5xx: tried again later.
    await start();
    telegram().failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    await drain();

    const text = await scrape();
    expect(samples(text, "botshop_telegram_rate_limited_total")).toEqual({
      "method=sendMessage": 1,
    });
    expect(samples(text, "botshop_telegram_retry_after_seconds_total")).toEqual({
      "method=sendMessage": 7,
    });
    expect(samples(text, "botshop_job_failures_total")).toEqual({
      "kind=telegram,result=failed": 1,
      "kind=telegram,result=retried": 1,
    });
    const rows = await db()
      .select({ status: outbox.status, lastError: outbox.lastError })
      .from(outbox)
      .orderBy(outbox.id);
    expect(rows).toEqual([
      { status: "pending", lastError: "429 retry after 7s" },
      { status: "failed", lastError: "400 Bad Request: chat not found" },
      { status: "pending", lastError: "502 Bad Gateway" },
    ]);
  });

  describe("GET /api/metrics", () => {
    const get = (headers: Record<string, string> = {}) =>
      call(metricsRoute.GET, "/api/metrics", { headers });

    it("answers the Prometheus text format to the bearer of METRICS_TOKEN", async () => {
      const res = await get({ authorization: `Bearer ${TOKEN}` });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("refuses anyone else with 401", async () => {
      const refused: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` },
        { authorization: TOKEN },
        // Where it seems to come from does not matter.
        { "x-forwarded-for": "127.0.0.1" },
      ];
      for (const headers of refused) {
        const res = await get(headers);
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
        expect(await res.text()).not.toContain("botshop_");
      }
    });

    it("is off (404) while METRICS_TOKEN is not set", async () => {
      setConfigForTests({ ...config(), METRICS_TOKEN: undefined });
      try {
        const res = await get({ authorization: `Bearer ${TOKEN}`, "x-forwarded-for": "127.0.0.1" });
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({
          error: {
            code: "not_found",
            message: "Metrics are off: set METRICS_TOKEN to enable them",
          },
        });
      } finally {
        setConfigForTests({ ...config(), METRICS_TOKEN: TOKEN });
      }
    });
  });
});
