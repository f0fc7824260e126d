import { and, eq, inArray, like } from "drizzle-orm";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { setDatabaseForTests } from "@/lib/db";
import {
  alertSettings,
  bots,
  deliveries,
  incidents,
  journal,
  licenseKeys,
  orders,
  outbox,
  products,
  webhookEndpoints,
} from "@/lib/db/schema";
import { config, setConfigForTests } from "@/lib/config/env";
import { encryptSecret, randomToken } from "@/lib/crypto/secrets";
import { webhookUrlFor } from "@/lib/bots/webhook";
import { drainOutbox, sendOutboxRowNow } from "@/lib/jobs/sender";
import {
  GET as getSettingsRoute,
  PUT as putSettingsRoute,
} from "@/app/api/v1/alerts/settings/route";
import { POST as testRoute } from "@/app/api/v1/alerts/test/route";
import { GET as incidentsRoute } from "@/app/api/v1/alerts/incidents/route";
import { createTestDatabase } from "@/test/db";
import { startFakeSmtp, type FakeSmtp } from "@/test/fakes/smtp";
import { call, createTestAccount } from "@/test/http";
import { unlimitedSendLimits } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";
import {
  checkDisabledWebhooks,
  checkFailedDeliveries,
  checkKeyPools,
  checkOutboxBacklog,
  checkStuckPayments,
  checkTelegramWebhooks,
  type AlertThresholds,
} from "./checks";
import { runAlertChecks } from "./reconcile";

const thresholds: AlertThresholds = {
  paymentPendingMinutes: 30,
  webhookErrorMinutes: 15,
  deliveryFailedMinutes: 60,
  keyPoolMin: 5,
  outboxBacklogMinutes: 10,
  resolveAfterMinutes: 15,
};
const base = new Date("2026-06-01T12:00:00.000Z");
const minutes = (n: number, from = base) => new Date(from.getTime() + n * 60_000);

describe("alerts", () => {
  /*
   * The file opens its own database so that, on PostgreSQL, a second connection pool (what a
   * second process has) can run the reconciler at the same time as the first.
   */
  let handle: DatabaseHandle & { url?: string };
  let second: DatabaseHandle | undefined;
  const db = (): Db => handle.db;
  const otherDb = (): Db => (second ?? handle).db;

  beforeAll(async () => {
    handle = await createTestDatabase();
    setDatabaseForTests(handle);
    if (handle.url)
      second = await openDatabase({ kind: "postgres", url: handle.url, maxConnections: 5 });
  });
  afterAll(async () => {
    setDatabaseForTests(undefined);
    await second?.close();
    await handle.close();
  });

  const telegram = useFakeTelegram();

  /** A workspace with a bot connected to the fake Telegram, alerts going to `chatId` through it. */
  async function shop(chatId = "-1001234567") {
    const owner = await createTestAccount(db());
    const fakeBot = telegram().addBot();
    const [bot] = await db()
      .insert(bots)
      .values({
        workspaceId: owner.workspaceId,
        name: "Shop bot",
        tokenEncrypted: encryptSecret(fakeBot.token),
        webhookSecretEncrypted: encryptSecret(randomToken(32)),
      })
      .returning({ id: bots.id });
    await db()
      .insert(alertSettings)
      .values({ workspaceId: owner.workspaceId, settings: { botId: bot!.id, chatId } });
    return { owner, workspaceId: owner.workspaceId, botId: bot!.id, fakeBot, chatId };
  }

  let orderSeq = 0;
  async function order(
    workspaceId: string,
    values: Partial<typeof orders.$inferInsert> & {
      status: (typeof orders.$inferInsert)["status"];
    },
  ) {
    orderSeq += 1;
    const [row] = await db()
      .insert(orders)
      .values({
        workspaceId,
        title: "Ebook",
        productKind: "file",
        amountMinor: 1000,
        currency: "USD",
        provider: "stripe",
        idempotencyKey: `alerts-test-order-${orderSeq}`,
        ...values,
      })
      .returning();
    return row!;
  }

  async function keyProduct(
    workspaceId: string,
    freeKeys: number,
    opts: { active?: boolean } = {},
  ) {
    const [product] = await db()
      .insert(products)
      .values({
        workspaceId,
        title: "Pro licence",
        priceMinor: 5000,
        currency: "USD",
        kind: "license_key",
        active: opts.active ?? true,
      })
      .returning({ id: products.id });
    await setFreeKeys(workspaceId, product!.id, freeKeys);
    return product!.id;
  }

  let keySeq = 0;
  /** Makes the product's pool hold exactly `n` unused keys (the others revoked). */
  async function setFreeKeys(workspaceId: string, productId: string, n: number) {
    await db()
      .update(licenseKeys)
      .set({ revokedAt: new Date() })
      .where(eq(licenseKeys.productId, productId));
    if (n)
      await db()
        .insert(licenseKeys)
        .values(
          Array.from({ length: n }, () => ({ workspaceId, productId, code: `KEY-${++keySeq}` })),
        );
  }

  const ctx = (workspaceId: string, now = base) => ({ now, thresholds, workspaceId });

  describe("alert checks on seeded data", () => {
    it("payment_stuck: pending longer than the threshold, not expired, not test, per provider account", async () => {
      const { workspaceId } = await shop();
      const stuck1 = await order(workspaceId, { status: "pending", updatedAt: minutes(-45) });
      await order(workspaceId, { status: "pending", updatedAt: minutes(-31) });
      await order(workspaceId, { status: "pending", updatedAt: minutes(-10) }); // too recent
      await order(workspaceId, {
        status: "pending",
        updatedAt: minutes(-45),
        expiresAt: minutes(-1), // expired: the sweep's business, not stuck
      });
      await order(workspaceId, { status: "pending", updatedAt: minutes(-45), test: true });
      await order(workspaceId, { status: "paid", updatedAt: minutes(-45) });
      await order(workspaceId, {
        status: "pending",
        provider: "yookassa",
        currency: "RUB",
        updatedAt: minutes(-60),
        expiresAt: minutes(30),
      });

      const { failures, unknown } = await checkStuckPayments(db(), ctx(workspaceId));
      expect(unknown).toEqual([]);
      expect(failures.sort((a, b) => a.subject.localeCompare(b.subject))).toEqual([
        {
          workspaceId,
          kind: "payment_stuck",
          subject: "stripe",
          detail: {
            provider: "stripe",
            orders: 2,
            oldestSince: minutes(-45).toISOString(),
            oldestOrderId: stuck1.id,
            minutes: 30,
          },
        },
        {
          workspaceId,
          kind: "payment_stuck",
          subject: "yookassa",
          detail: expect.objectContaining({ provider: "yookassa", orders: 1 }),
        },
      ]);
    });

    it("delivery_failed: failures within the window, per product, with the latest reason", async () => {
      const { workspaceId } = await shop();
      const productId = await keyProduct(workspaceId, 10);
      const delivery = async (status: "failed" | "issued", at: Date, reason?: string) => {
        const o = await order(workspaceId, { status: "paid", productId });
        await db()
          .insert(deliveries)
          .values({
            workspaceId,
            orderId: o.id,
            productId,
            method: "license_key",
            status,
            data: reason ? { reason } : {},
            updatedAt: at,
          });
      };
      await delivery("failed", minutes(-50), "external_failed");
      await delivery("failed", minutes(-5), "out_of_stock");
      await delivery("failed", minutes(-61), "out_of_stock"); // outside the hour
      await delivery("issued", minutes(-5));

      const { failures } = await checkFailedDeliveries(db(), ctx(workspaceId));
      expect(failures).toEqual([
        {
          workspaceId,
          kind: "delivery_failed",
          subject: productId,
          detail: {
            product: "Pro licence",
            failed: 2,
            lastAt: minutes(-5).toISOString(),
            reason: "out_of_stock",
            minutes: 60,
          },
        },
      ]);
    });

    it("key_pool_low: active license-key products with fewer unused keys than the threshold", async () => {
      const { workspaceId } = await shop();
      const low = await keyProduct(workspaceId, 3);
      // Two keys already sold and one revoked do not count.
      const [sold] = await db()
        .insert(orders)
        .values({
          workspaceId,
          title: "x",
          productKind: "license_key",
          amountMinor: 1,
          currency: "USD",
          provider: "stripe",
          status: "paid",
          idempotencyKey: `alerts-sold-${low}`,
        })
        .returning({ id: orders.id });
      await db()
        .insert(licenseKeys)
        .values([
          { workspaceId, productId: low, code: "SOLD-1", orderId: sold!.id },
          { workspaceId, productId: low, code: "GONE-1", revokedAt: new Date() },
        ]);
      const empty = await keyProduct(workspaceId, 0);
      await keyProduct(workspaceId, 5); // exactly the threshold: fine
      await keyProduct(workspaceId, 0, { active: false }); // not on sale

      const { failures } = await checkKeyPools(db(), ctx(workspaceId));
      expect(failures.map((f) => [f.subject, f.detail]).sort()).toEqual(
        [
          [low, { product: "Pro licence", free: 3, min: 5 }],
          [empty, { product: "Pro licence", free: 0, min: 5 }],
        ].sort(),
      );
    });

    it("outbox_backlog: rows due for longer than the threshold; future timers do not count", async () => {
      const { workspaceId } = await shop();
      const row = (key: string, notBefore: Date, status: "pending" | "sent" = "pending") => ({
        workspaceId,
        kind: "timer",
        payload: {},
        idempotencyKey: `alerts-backlog-${workspaceId}-${key}`,
        notBefore,
        status,
      });
      await db()
        .insert(outbox)
        .values([
          row("a", minutes(-20)),
          row("b", minutes(-11)),
          row("c", minutes(-5)),
          row("d", minutes(60)),
          row("e", minutes(-90), "sent"),
        ]);
      const { failures } = await checkOutboxBacklog(db(), ctx(workspaceId));
      expect(failures).toEqual([
        {
          workspaceId,
          kind: "outbox_backlog",
          subject: "",
          detail: { rows: 2, oldestDueAt: minutes(-20).toISOString(), minutes: 10 },
        },
      ]);
    });

    it("webhook_disabled: endpoints disabled after failures, not by staff", async () => {
      const { workspaceId } = await shop();
      const endpoint = (url: string, enabled: boolean, reason: string | null) => ({
        workspaceId,
        url,
        secretEncrypted: encryptSecret("s"),
        enabled,
        disabledReason: reason,
        disabledAt: enabled ? null : minutes(-3),
      });
      const [failing] = await db()
        .insert(webhookEndpoints)
        .values([
          endpoint("https://erp.example.com/hook", false, "failures"),
          endpoint("https://old.example.com/hook", false, "manual"),
          endpoint("https://ok.example.com/hook", true, null),
        ])
        .returning({ id: webhookEndpoints.id });
      const { failures } = await checkDisabledWebhooks(db(), ctx(workspaceId));
      expect(failures).toEqual([
        {
          workspaceId,
          kind: "webhook_disabled",
          subject: failing!.id,
          detail: { url: "https://erp.example.com/hook", disabledAt: minutes(-3).toISOString() },
        },
      ]);
    });

    it("telegram_webhook: a recent last_error_date fails; an old one does not; no answer is unknown", async () => {
      const { workspaceId, botId, fakeBot } = await shop();
      const connect = async (id: string, token: string) => {
        await new Api(token, { apiRoot: telegram().apiRoot }).setWebhook(webhookUrlFor(id));
        await db()
          .update(bots)
          .set({ webhookUrl: webhookUrlFor(id) })
          .where(eq(bots.id, id));
      };
      await connect(botId, fakeBot.token);
      const nowSeconds = Math.floor(Date.now() / 1000);
      telegram().setWebhookError(fakeBot.token, "Connection timed out", nowSeconds - 120);

      const addBot = async (name: string) => {
        const fake = telegram().addBot();
        const [row] = await db()
          .insert(bots)
          .values({
            workspaceId,
            name,
            tokenEncrypted: encryptSecret(fake.token),
            webhookSecretEncrypted: encryptSecret("s"),
          })
          .returning({ id: bots.id });
        await connect(row!.id, fake.token);
        return { id: row!.id, fake };
      };
      const recovered = await addBot("Recovered bot");
      telegram().setWebhookError(recovered.fake.token, "Connection refused", nowSeconds - 3600);
      const revoked = await addBot("Revoked bot");
      telegram().removeBot(revoked.fake.token);

      const { failures, unknown } = await checkTelegramWebhooks(db(), {
        ...ctx(workspaceId),
        now: new Date(nowSeconds * 1000),
      });
      expect(failures).toEqual([
        {
          workspaceId,
          kind: "telegram_webhook",
          subject: botId,
          detail: {
            bot: "Shop bot",
            lastErrorAt: new Date((nowSeconds - 120) * 1000).toISOString(),
            message: "Connection timed out",
            pendingUpdates: 0,
          },
        },
      ]);
      expect(unknown).toEqual([{ workspaceId, subject: revoked.id }]);
    });
  });

  /** The alert rows queued for a workspace's incidents, oldest first. */
  async function alertRowsOf(workspaceId: string) {
    return db()
      .select({ key: outbox.idempotencyKey, kind: outbox.kind, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), like(outbox.idempotencyKey, "incident:%")))
      .orderBy(outbox.id);
  }

  async function incidentJournal(workspaceId: string) {
    return db()
      .select({ kind: journal.kind, subjectId: journal.subjectId })
      .from(journal)
      .where(
        and(
          eq(journal.workspaceId, workspaceId),
          inArray(journal.kind, ["incident.opened", "incident.resolved"]),
        ),
      )
      .orderBy(journal.id);
  }

  describe("the reconciler", () => {
    const only = ["key_pool_low"] as const;
    const run = (workspaceId: string, now: Date, on: Db = db()) =>
      runAlertChecks(on, { now, thresholds, workspaceId, kinds: only });

    it("alerts once for a condition seen on 50 checks, and once when it has cleared", async () => {
      const { workspaceId, chatId } = await shop();
      const productId = await keyProduct(workspaceId, 1);
      const opened = [];
      for (let i = 0; i < 50; i++) opened.push((await run(workspaceId, minutes(i))).opened);
      expect(opened.filter(Boolean)).toEqual([1]);
      expect(opened[0]).toBe(1);

      await setFreeKeys(workspaceId, productId, 20);
      // Last seen at minute 49; resolved on the first check more than 15 minutes later.
      const resolvedAt: number[] = [];
      for (let i = 50; i < 100; i++)
        if ((await run(workspaceId, minutes(i))).resolved) resolvedAt.push(i);
      expect(resolvedAt).toEqual([65]);

      const rows = await incidentsOf(workspaceId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        kind: "key_pool_low",
        subject: productId,
        status: "resolved",
        openedAt: minutes(0),
        lastSeenAt: minutes(49),
        resolvedAt: minutes(65),
        detail: { product: "Pro licence", free: 1, min: 5 },
      });
      const alerts = await alertRowsOf(workspaceId);
      expect(alerts.map((a) => a.key)).toEqual([
        `incident:${rows[0]!.id}:opened:telegram`,
        `incident:${rows[0]!.id}:resolved:telegram`,
      ]);
      expect(alerts[0]!.payload).toMatchObject({
        method: "sendMessage",
        params: { chat_id: chatId },
      });
      expect((await incidentJournal(workspaceId)).map((j) => j.kind)).toEqual([
        "incident.opened",
        "incident.resolved",
      ]);
    });

    it("keeps a flapping condition to one incident and one alert", async () => {
      const { workspaceId } = await shop();
      const productId = await keyProduct(workspaceId, 0);
      // Low, fine, low, fine … every minute for 40 minutes, then fine for good.
      for (let i = 0; i < 40; i++) {
        await setFreeKeys(workspaceId, productId, i % 2 === 0 ? 0 : 50);
        await run(workspaceId, minutes(i));
      }
      for (let i = 40; i < 70; i++) await run(workspaceId, minutes(i));
      const rows = await incidentsOf(workspaceId);
      expect(rows).toHaveLength(1);
      // Last seen low at minute 38: resolved at 54.
      expect(rows[0]).toMatchObject({ lastSeenAt: minutes(38), resolvedAt: minutes(54) });
      expect((await alertRowsOf(workspaceId)).map((a) => a.key.split(":")[2])).toEqual([
        "opened",
        "resolved",
      ]);
    });

    it("two reconcilers running at once alert once per open and once per resolve", async () => {
      const { workspaceId } = await shop();
      const productId = await keyProduct(workspaceId, 0);
      const noDelay = { ...thresholds, resolveAfterMinutes: 0 };
      // Four episodes: low for 3 checks, fine for 3, … each check run by two processes at once.
      for (let i = 0; i < 24; i++) {
        const low = Math.floor(i / 3) % 2 === 0;
        await setFreeKeys(workspaceId, productId, low ? 0 : 50);
        await Promise.all(
          [db(), otherDb(), db(), otherDb()].map((on) =>
            runAlertChecks(on, { now: minutes(i), thresholds: noDelay, workspaceId, kinds: only }),
          ),
        );
      }
      const rows = await incidentsOf(workspaceId);
      expect(rows.map((r) => [r.status, r.openedAt, r.resolvedAt])).toEqual([
        ["resolved", minutes(0), minutes(3)],
        ["resolved", minutes(6), minutes(9)],
        ["resolved", minutes(12), minutes(15)],
        ["resolved", minutes(18), minutes(21)],
      ]);
      const alerts = await alertRowsOf(workspaceId);
      expect(alerts).toHaveLength(8);
      expect(alerts.map((a) => a.key).sort()).toEqual(
        rows
          .flatMap((r) => [
            `incident:${r.id}:opened:telegram`,
            `incident:${r.id}:resolved:telegram`,
          ])
          .sort(),
      );
      expect(await incidentJournal(workspaceId)).toHaveLength(8);
    });

    it("leaves an incident alone while its subject cannot be checked", async () => {
      const { workspaceId, botId, fakeBot } = await shop();
      await new Api(fakeBot.token, { apiRoot: telegram().apiRoot }).setWebhook(
        webhookUrlFor(botId),
      );
      await db()
        .update(bots)
        .set({ webhookUrl: webhookUrlFor(botId) })
        .where(eq(bots.id, botId));
      const now = new Date();
      telegram().setWebhookError(fakeBot.token, "Wrong response from the webhook: 502 Bad Gateway");
      const kinds = ["telegram_webhook"] as const;
      expect((await runAlertChecks(db(), { now, thresholds, workspaceId, kinds })).opened).toBe(1);
      telegram().removeBot(fakeBot.token);
      const later = minutes(60, now);
      const result = await runAlertChecks(db(), { now: later, thresholds, workspaceId, kinds });
      expect(result).toEqual({ opened: 0, resolved: 0, queued: 0 });
      expect((await incidentsOf(workspaceId))[0]!.status).toBe("open");
    });

    it("records an incident without a destination, and queues nothing", async () => {
      const { workspaceId } = await shop();
      await db().delete(alertSettings).where(eq(alertSettings.workspaceId, workspaceId));
      await keyProduct(workspaceId, 0);
      expect(await run(workspaceId, base)).toEqual({ opened: 1, resolved: 0, queued: 0 });
      expect(await alertRowsOf(workspaceId)).toEqual([]);
    });
  });

  async function incidentsOf(workspaceId: string) {
    return db()
      .select()
      .from(incidents)
      .where(eq(incidents.workspaceId, workspaceId))
      .orderBy(incidents.openedAt);
  }

  describe("alerts reach the staff chat and the mailbox", () => {
    let smtp: FakeSmtp;
    let previous: ReturnType<typeof config>;
    beforeAll(async () => {
      previous = config();
      smtp = await startFakeSmtp();
      // What the tests above queued goes out first, so each test here counts only its own rows.
      await drain();
    });
    afterAll(async () => {
      setConfigForTests(previous);
      await smtp.close();
    });
    const withSmtp = () =>
      setConfigForTests({
        ...config(),
        SMTP_URL: smtp.url("alerts@shop.example", "p@ss word"),
        ALERTS_EMAIL_FROM: "Shop alerts <alerts@shop.example>",
      });
    const drain = () =>
      drainOutbox(db(), {
        limits: unlimitedSendLimits,
        api: (token) => new Api(token, { apiRoot: telegram().apiRoot }),
      });

    it("sends the opening and the resolution to the chat through the chosen bot, and by email", async () => {
      withSmtp();
      const { workspaceId, fakeBot, chatId } = await shop("-1009876543");
      await db()
        .update(alertSettings)
        .set({
          settings: { botId: (await botOf(workspaceId)).id, chatId, email: "owner@shop.example" },
        })
        .where(eq(alertSettings.workspaceId, workspaceId));
      const productId = await keyProduct(workspaceId, 2);
      const kinds = ["key_pool_low"] as const;
      await runAlertChecks(db(), { now: base, thresholds, workspaceId, kinds });
      const before = smtp.received.length;
      expect(await drain()).toBe(2);

      const texts = telegram()
        .messagesIn(Number(chatId), fakeBot.token)
        .map((m) => ("text" in m ? m.text : ""));
      expect(texts).toEqual([
        [
          "🔴 License keys running low — Owner's shop",
          "Pro licence: 2 unused keys left (threshold 5)",
          "http://localhost:3000/settings/alerts",
        ].join("\n"),
      ]);
      expect(smtp.received).toHaveLength(before + 1);
      const mail = smtp.received.at(-1)!;
      expect(mail.from).toBe("alerts@shop.example");
      expect(mail.to).toEqual(["owner@shop.example"]);
      expect([mail.user, mail.password]).toEqual(["alerts@shop.example", "p@ss word"]);
      expect(smtp.header(mail, "subject")).toBe(
        "[Botshop] License keys running low — Owner's shop",
      );
      expect(smtp.body(mail).trim()).toBe(texts[0]!.replace(/\n/g, "\r\n"));

      await setFreeKeys(workspaceId, productId, 9);
      await runAlertChecks(db(), { now: minutes(16), thresholds, workspaceId, kinds });
      expect(await drain()).toBe(2);
      const after = telegram()
        .messagesIn(Number(chatId), fakeBot.token)
        .map((m) => ("text" in m ? m.text : ""));
      expect(after[1]).toBe(
        [
          "✅ Resolved: License keys running low — Owner's shop",
          "Lasted 16 min.",
          "http://localhost:3000/settings/alerts",
        ].join("\n"),
      );
      expect(smtp.header(smtp.received.at(-1)!, "subject")).toBe(
        "[Botshop] Resolved: License keys running low — Owner's shop",
      );
    });

    it("retries an email the server defers, and fails one it refuses for good", async () => {
      withSmtp();
      const { workspaceId } = await shop();
      await db()
        .update(alertSettings)
        .set({ settings: { email: "owner@shop.example" } })
        .where(eq(alertSettings.workspaceId, workspaceId));
      await keyProduct(workspaceId, 0);
      await keyProduct(workspaceId, 1);
      await runAlertChecks(db(), { now: base, thresholds, workspaceId, kinds: ["key_pool_low"] });
      const emailRows = () =>
        db()
          .select()
          .from(outbox)
          .where(and(eq(outbox.workspaceId, workspaceId), eq(outbox.kind, "email")))
          .orderBy(outbox.id);
      expect(await emailRows()).toHaveLength(2);
      const before = smtp.received.length;

      // Row by row, as a worker takes them: no waiting on the backoff's clock.
      const [first, second] = await emailRows();
      smtp.refuseNext("451 4.3.0 Mailbox busy, try again later");
      await sendOutboxRowNow(db(), first!.id);
      await sendOutboxRowNow(db(), second!.id);
      const deferred = (await emailRows()).filter((r) => r.status === "pending");
      expect(deferred.map((r) => [r.id, r.attempts])).toEqual([[first!.id, 1]]);
      expect(deferred[0]!.lastError).toContain("451");
      // The first retry waits 1 s (the sender's backoff), not the next minute's check.
      expect(deferred[0]!.notBefore.getTime()).toBeGreaterThan(Date.now());
      expect(deferred[0]!.notBefore.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
      expect(smtp.received).toHaveLength(before + 1);
      // Taken again (its backoff over): sent.
      await sendOutboxRowNow(db(), first!.id);
      expect((await emailRows()).map((r) => r.status)).toEqual(["sent", "sent"]);
      expect(smtp.received).toHaveLength(before + 2);

      smtp.refuseNext("550 5.1.1 Mailbox unavailable");
      await db()
        .insert(outbox)
        .values({
          workspaceId,
          kind: "email",
          idempotencyKey: `alerts-refused-${workspaceId}`,
          payload: { to: "nobody@shop.example", subject: "x", text: "y" },
        });
      await drain();
      const refused = (await emailRows()).at(-1)!;
      expect(refused.status).toBe("failed");
      expect(refused.lastError).toContain("550");
    });

    async function botOf(workspaceId: string) {
      const [bot] = await db().select().from(bots).where(eq(bots.workspaceId, workspaceId));
      return bot!;
    }

    it("API: settings, a test alert with each channel's result, incidents open first", async () => {
      setConfigForTests({ ...config(), SMTP_URL: undefined });
      const { owner, workspaceId, botId, fakeBot } = await shop();
      await db()
        .update(bots)
        .set({ support: { staffChatId: "-100555" } })
        .where(eq(bots.id, botId));
      const stranger = await shop();

      // Another workspace's bot is refused like one that does not exist.
      const foreign = await call(putSettingsRoute, "/api/v1/alerts/settings", {
        method: "PUT",
        headers: owner.session,
        body: { botId: stranger.botId, chatId: "-100555", email: null },
      });
      expect(foreign.status).toBe(422);
      const half = await call(putSettingsRoute, "/api/v1/alerts/settings", {
        method: "PUT",
        headers: owner.session,
        body: { botId, chatId: null, email: null },
      });
      expect(half.status).toBe(422);

      const saved = await call(putSettingsRoute, "/api/v1/alerts/settings", {
        method: "PUT",
        headers: owner.session,
        body: { botId, chatId: "-100555", email: "owner@shop.example" },
      });
      expect(saved.status).toBe(200);
      const got = await (
        await call(getSettingsRoute, "/api/v1/alerts/settings", { headers: owner.apiKey })
      ).json();
      expect(got.settings).toMatchObject({
        botId,
        chatId: "-100555",
        email: "owner@shop.example",
        smtpConfigured: false,
        staffChats: [{ botId, botName: "Shop bot", chatId: "-100555" }],
      });

      // No SMTP on this server: the email is not configured; the chat gets the test.
      const tested = await call(testRoute, "/api/v1/alerts/test", {
        method: "POST",
        headers: owner.session,
      });
      expect(tested.status).toBe(200);
      const testedBody: unknown = await tested.json();
      expect(testedBody, JSON.stringify(testedBody)).toEqual({
        telegram: { status: "sent", error: null },
        email: { status: "not_configured", error: null },
      });
      expect(
        telegram()
          .messagesIn(-100555, fakeBot.token)
          .map((m) => ("text" in m ? m.text : "")),
      ).toEqual([
        "🔔 Test alert — Owner's shop. If you can read this, alerts reach you here.\nhttp://localhost:3000/settings/alerts",
      ]);

      // With SMTP, both; a chat Telegram does not know is a failure with Telegram's words.
      withSmtp();
      telegram().failNext("sendMessage", {
        error_code: 400,
        description: "Bad Request: chat not found",
      });
      const both = await (
        await call(testRoute, "/api/v1/alerts/test", { method: "POST", headers: owner.session })
      ).json();
      expect(both, JSON.stringify(both)).toEqual({
        telegram: { status: "failed", error: "400 Bad Request: chat not found" },
        email: { status: "sent", error: null },
      });
      expect(smtp.header(smtp.received.at(-1)!, "subject")).toBe(
        "[Botshop] Test alert — Owner's shop",
      );

      // Incidents: the open one first, then resolved ones, newest first.
      const productA = await keyProduct(workspaceId, 0);
      const kinds = ["key_pool_low"] as const;
      await runAlertChecks(db(), { now: base, thresholds, workspaceId, kinds });
      await setFreeKeys(workspaceId, productA, 10);
      await runAlertChecks(db(), { now: minutes(20), thresholds, workspaceId, kinds });
      await keyProduct(workspaceId, 1);
      await runAlertChecks(db(), { now: minutes(30), thresholds, workspaceId, kinds });
      const list = await (
        await call(incidentsRoute, "/api/v1/alerts/incidents", { headers: owner.session })
      ).json();
      expect(
        list.data.map((i: { status: string; subject: string; detail: { free: number } }) => [
          i.status,
          i.detail.free,
        ]),
      ).toEqual([
        ["open", 1],
        ["resolved", 0],
      ]);
      expect(
        (await db().select().from(journal).where(eq(journal.workspaceId, workspaceId))).map(
          (j) => j.kind,
        ),
      ).toEqual(expect.arrayContaining(["alert_settings.updated", "alert.test_sent"]));
    });
  });
});
