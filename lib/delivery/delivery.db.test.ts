import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, desc, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import { createFile, deleteFile } from "@/lib/files/files";
import { POST as downloadFile } from "@/app/d/[token]/file/route";
import {
  deliveries,
  fileAssets,
  journal,
  licenseKeys,
  orders,
  outbox,
  products,
  sendLimits,
} from "@/lib/db/schema";
import { consumeDownload, describeDownload, expireDeliveries } from "@/lib/delivery/download";
import { deliverNow } from "@/lib/delivery/deliver-now";
import { deliverOrder } from "@/lib/delivery/issue";
import { refundOrder } from "@/lib/payments/refund";
import { useTestDatabase } from "@/test/db";
import {
  messageUpdate,
  successfulPaymentUpdate,
  telegramFailures,
  type PushableUpdate,
} from "@/test/fakes/telegram";
import { deliveryFlow } from "@/test/payments";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";

/*
 * Delivery end to end from a paid order: the buyer's /start reaches a Stars invoice, the
 * successful payment comes back through the real webhook route, the flow's deliver node issues
 * the goods through the outbox, and the message with them reaches the fake Telegram.
 */

describe("delivery", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let updateId = 9000;
  let chat = 9100;
  let flowId: string | undefined;
  let fileId: string;
  let previous: AppConfig;
  let dataDir: string;

  beforeAll(async () => {
    previous = config();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-delivery-"));
    setConfigForTests({ ...previous, DATA_DIR: dataDir });
    shop = await createRuntimeShop(db(), telegram());
    const [file] = await db()
      .insert(fileAssets)
      .values({
        workspaceId: shop.workspaceId,
        name: "presets.zip",
        contentType: "application/zip",
        size: 1234,
        sha256: "ab".repeat(32),
        storage: "local",
        storageKey: "test/presets.zip",
      })
      .returning();
    fileId = file!.id;
  });

  afterAll(() => {
    setConfigForTests(previous);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (update: PushableUpdate) => shop.deliver({ ...update, update_id: ++updateId });

  async function product(values: Partial<typeof products.$inferInsert>) {
    const [row] = await db()
      .insert(products)
      .values({
        workspaceId: shop.workspaceId,
        title: "Presets",
        priceMinor: 50,
        currency: "XTR",
        kind: "file",
        ...values,
      })
      .returning();
    return row!;
  }

  /** A new buyer at the product's invoice; returns the buyer's chat and the order. */
  async function atInvoice(
    productId: string,
    deliverText = "",
    document = deliveryFlow(productId, deliverText),
  ) {
    ({ flowId } = await shop.publish(document, flowId));
    const buyer = ++chat;
    await send(messageUpdate({ chatId: buyer, text: "/start" }));
    await shop.drain();
    const [order] = await db()
      .select()
      .from(orders)
      .where(and(eq(orders.productId, productId), eq(orders.status, "pending")))
      .orderBy(desc(orders.createdAt))
      .limit(1);
    return { buyer, order: order! };
  }

  function paid(buyer: number, order: { id: string; amountMinor: number }, charge?: string) {
    return successfulPaymentUpdate({
      chatId: buyer,
      currency: "XTR",
      totalAmount: order.amountMinor,
      payload: order.id,
      telegramPaymentChargeId: charge ?? `stx-${order.id}`,
    });
  }

  const deliveryOf = async (orderId: string) =>
    (await db().select().from(deliveries).where(eq(deliveries.orderId, orderId)))[0]!;

  const tokenIn = (text: string) => /\/d\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

  const client = { ip: "203.0.113.7", userAgent: "test" };

  it("a one-time link arrives once, however often the payment is reported, and works once", async () => {
    const p = await product({ delivery: { method: "one_time_link", fileId, linkHours: 2 } });
    const { buyer, order } = await atInvoice(p.id, "Your presets, {{contact.first_name}}");

    // Telegram redelivers the payment; a retry races it.
    const payment = paid(buyer, order);
    await Promise.all(Array.from({ length: 4 }, () => send(payment)));
    await shop.drain();

    const texts = shop.texts(buyer);
    const withLink = texts.filter((t) => tokenIn(t));
    expect(withLink).toHaveLength(1);
    expect(withLink[0]).toContain("Your presets");
    expect(withLink[0]).toContain("one download");
    expect(texts.at(-1)).toBe("Enjoy");
    const sent = telegram()
      .callsTo("sendMessage")
      .find((c) => tokenIn(String(c.params.text)));
    expect(sent!.params).toMatchObject({
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });

    const delivery = await deliveryOf(order.id);
    expect(delivery).toMatchObject({ status: "issued", method: "one_time_link", maxUses: 1 });
    const token = tokenIn(withLink[0]!)!;
    // Only the hash is kept.
    expect(JSON.stringify(delivery)).not.toContain(token);
    const [fulfilled] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(fulfilled!.status).toBe("fulfilled");

    // Opening the page counts nothing; the first download does, the second is refused.
    expect(await describeDownload(db(), token)).toMatchObject({ ok: true, info: { left: 1 } });
    const [first, second] = [
      await consumeDownload(db(), token, client),
      await consumeDownload(db(), token, client),
    ];
    expect(first).toMatchObject({ ok: true, file: { name: "presets.zip" } });
    expect(second).toEqual({ ok: false, why: "used" });
    const entries = await db()
      .select({ kind: journal.kind, data: journal.data })
      .from(journal)
      .where(eq(journal.orderId, order.id));
    expect(entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["order.paid", "order.fulfilled", "delivery.issued"]),
    );
    expect(entries.filter((e) => e.kind === "delivery.issued")).toHaveLength(1);
    expect(entries.find((e) => e.kind === "delivery.downloaded")!.data).toMatchObject({
      ip: "203.0.113.7",
      use: 1,
    });
    expect(entries.find((e) => e.kind === "delivery.download_refused")!.data).toMatchObject({
      why: "used",
    });
  });

  it("two simultaneous clicks of a one-time link download once", async () => {
    const p = await product({ delivery: { method: "one_time_link", fileId } });
    const { buyer, order } = await atInvoice(p.id);
    await send(paid(buyer, order));
    await shop.drain();
    const token = tokenIn(shop.texts(buyer).find((t) => tokenIn(t))!)!;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => consumeDownload(db(), token, client)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.why === "used")).toHaveLength(5);
  });

  it("a time-limited link allows N downloads, and is refused once expired", async () => {
    const p = await product({ delivery: { method: "timed_link", fileId, maxDownloads: 2 } });
    const { buyer, order } = await atInvoice(p.id);
    await send(paid(buyer, order));
    await shop.drain();
    const text = shop.texts(buyer).find((t) => tokenIn(t))!;
    expect(text).toContain("2 downloads");
    const token = tokenIn(text)!;
    expect((await consumeDownload(db(), token, client)).ok).toBe(true);
    expect((await consumeDownload(db(), token, client)).ok).toBe(true);
    expect(await consumeDownload(db(), token, client)).toEqual({ ok: false, why: "used" });

    // Another order's link, past its time: refused, and the sweep journals the expiry once.
    const other = await atInvoice(p.id);
    await send(paid(other.buyer, other.order));
    await shop.drain();
    const late = tokenIn(shop.texts(other.buyer).find((t) => tokenIn(t))!)!;
    await db()
      .update(deliveries)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(deliveries.orderId, other.order.id));
    expect(await consumeDownload(db(), late, client)).toEqual({ ok: false, why: "expired" });
    expect(await expireDeliveries(db())).toBeGreaterThanOrEqual(1);
    expect(await expireDeliveries(db())).toBe(0);
    expect((await deliveryOf(other.order.id)).status).toBe("expired");
    const expired = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.orderId, other.order.id), eq(journal.kind, "delivery.expired")));
    expect(expired).toHaveLength(1);
  });

  it("a text secret is sent in the chat, escaped for HTML", async () => {
    const p = await product({ kind: "text", delivery: { secret: "CODE <42> & more" } });
    const { buyer, order } = await atInvoice(p.id);
    await send(paid(buyer, order));
    await shop.drain();
    const call = telegram()
      .callsTo("sendMessage")
      .findLast((c) => String(c.params.chat_id) === String(buyer) && c.params.parse_mode);
    expect(call!.params.text).toContain("CODE &lt;42&gt; &amp; more");
    expect(shop.texts(buyer)).toContain("Enjoy");
  });

  it("a deliver node for a product the buyer has not paid for takes the failed path", async () => {
    const p = await product({ kind: "text", delivery: { secret: "never" } });
    const unpaid = await product({ kind: "text", title: "Other", delivery: { secret: "x" } });
    // The flow's deliver node names another product than the one paid for.
    const doc = deliveryFlow(p.id);
    const deliverNode = doc.nodes.find((n) => n.id === "deliver")!;
    deliverNode.config = { product: "fixed", productId: unpaid.id, text: "" };
    const { buyer, order } = await atInvoice(p.id, "", doc);
    await send(paid(buyer, order));
    await shop.drain();
    expect(shop.texts(buyer)).toContain("Sorry");
    expect(shop.texts(buyer).join("\n")).not.toContain("never");
  });

  it("20 concurrent orders against a pool of 10 keys: 10 keys, all different; 10 refunded", async () => {
    const p = await product({
      kind: "license_key",
      priceMinor: 10,
      delivery: { outOfStock: "refund", lowStockAt: 3 },
    });
    await db()
      .insert(licenseKeys)
      .values(
        Array.from({ length: 10 }, (_, i) => ({
          workspaceId: shop.workspaceId,
          productId: p.id,
          code: `KEY-${i}`,
        })),
      );
    await db().update(products).set({ stock: 10 }).where(eq(products.id, p.id));
    const buyers = [];
    for (let i = 0; i < 20; i++) buyers.push(await atInvoice(p.id));
    await Promise.all(buyers.map(({ buyer, order }) => send(paid(buyer, order))));
    // The deliver rows run side by side (one per chat per claim round).
    await shop.drain();
    await shop.drain();

    const rows = await db()
      .select()
      .from(deliveries)
      .where(
        inArray(
          deliveries.orderId,
          buyers.map((b) => b.order.id),
        ),
      );
    const issued = rows.filter((d) => d.status === "issued");
    const failed = rows.filter((d) => d.status === "failed");
    expect(issued).toHaveLength(10);
    expect(failed).toHaveLength(10);
    expect(failed.every((d) => d.data.reason === "out_of_stock")).toBe(true);

    const keys = await db().select().from(licenseKeys).where(eq(licenseKeys.productId, p.id));
    const given = keys.filter((k) => k.orderId !== null);
    expect(new Set(given.map((k) => k.orderId)).size).toBe(10);
    // Every buyer with a key saw exactly their key; the others were told and refunded.
    for (const { buyer, order } of buyers) {
      const key = given.find((k) => k.orderId === order.id);
      const texts = shop.texts(buyer).join("\n");
      if (key) {
        expect(texts).toContain(key.code);
        expect(texts).toContain("Enjoy");
      } else {
        expect(texts).toContain("sold out");
        expect(texts).toContain("Sorry");
      }
    }
    const statuses = await db()
      .select({ status: orders.status })
      .from(orders)
      .where(
        inArray(
          orders.id,
          buyers.map((b) => b.order.id),
        ),
      );
    expect(statuses.filter((o) => o.status === "fulfilled")).toHaveLength(10);
    expect(statuses.filter((o) => o.status === "refunded")).toHaveLength(10);
    expect(telegram().callsTo("refundStarPayment").length).toBeGreaterThanOrEqual(10);
    const [after] = await db().select().from(products).where(eq(products.id, p.id));
    expect(after!.stock).toBe(0);
    const alerts = await db()
      .select({ kind: journal.kind })
      .from(journal)
      .where(
        and(
          eq(journal.workspaceId, shop.workspaceId),
          inArray(journal.kind, ["delivery.out_of_stock", "stock.low"]),
        ),
      );
    expect(alerts.filter((a) => a.kind === "delivery.out_of_stock")).toHaveLength(10);
    expect(alerts.some((a) => a.kind === "stock.low")).toBe(true);
  });

  it("concurrent issues of one order (flow, retry, staff) issue once", async () => {
    const p = await product({ kind: "license_key", delivery: { outOfStock: "hold" } });
    await db()
      .insert(licenseKeys)
      .values(
        [1, 2, 3].map((i) => ({ workspaceId: shop.workspaceId, productId: p.id, code: `K${i}` })),
      );
    const { buyer, order } = await atInvoice(p.id);
    await send(paid(buyer, order));
    const api = async () => shop.api(shop.fakeBot.token);
    const actor = { type: "system" } as const;
    const results = await Promise.all([
      shop.drain(),
      ...Array.from({ length: 4 }, () =>
        deliverOrder(db(), { workspaceId: shop.workspaceId, orderId: order.id, actor, api }),
      ),
    ]);
    await shop.drain();
    expect(results.slice(1).every((r) => typeof r === "object" && r.outcome === "delivered")).toBe(
      true,
    );
    const given = await db().select().from(licenseKeys).where(eq(licenseKeys.orderId, order.id));
    expect(given).toHaveLength(1);
    expect(shop.texts(buyer).filter((t) => /K[123]/.test(t))).toHaveLength(1);
  });

  it("an empty pool on hold: the order stays paid until staff add keys and deliver again", async () => {
    const p = await product({ kind: "license_key", delivery: { outOfStock: "hold" } });
    const { buyer, order } = await atInvoice(p.id);
    await send(paid(buyer, order));
    await shop.drain();
    expect((await deliveryOf(order.id)).status).toBe("failed");
    expect(shop.texts(buyer).join("\n")).toContain("will get back to you");
    const [held] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(held!.status).toBe("paid");
    expect(
      await db()
        .select()
        .from(outbox)
        .where(and(eq(outbox.kind, "refund"), eq(outbox.contactId, order.contactId!))),
    ).toHaveLength(0);

    // Staff try again before adding keys: still failed, and the buyer is not told twice.
    const api = async () => shop.api(shop.fakeBot.token);
    const early = await deliverOrder(db(), {
      workspaceId: shop.workspaceId,
      orderId: order.id,
      actor: { type: "system" },
      api,
    });
    expect(early).toMatchObject({ outcome: "failed", reason: "out_of_stock" });
    await shop.drain();
    expect(shop.texts(buyer).filter((t) => t.includes("will get back to you"))).toHaveLength(1);

    await db()
      .insert(licenseKeys)
      .values({ workspaceId: shop.workspaceId, productId: p.id, code: "LATE-KEY" });
    const again = await deliverOrder(db(), {
      workspaceId: shop.workspaceId,
      orderId: order.id,
      actor: { type: "system" },
      api,
    });
    expect(again).toMatchObject({ outcome: "delivered", already: false });
    await shop.drain();
    expect(shop.texts(buyer).join("\n")).toContain("LATE-KEY");
  });

  it("a refund revokes the link and marks the key revoked", async () => {
    const linkProduct = await product({ delivery: { method: "timed_link", fileId } });
    const a = await atInvoice(linkProduct.id);
    await send(paid(a.buyer, a.order));
    await shop.drain();
    const token = tokenIn(shop.texts(a.buyer).find((t) => tokenIn(t))!)!;
    await refundOrder(db(), {
      workspaceId: shop.workspaceId,
      orderId: a.order.id,
      actor: { type: "system" },
    });
    expect((await deliveryOf(a.order.id)).status).toBe("revoked");
    expect(await consumeDownload(db(), token, client)).toEqual({ ok: false, why: "revoked" });

    const keyProduct = await product({ kind: "license_key" });
    await db()
      .insert(licenseKeys)
      .values({ workspaceId: shop.workspaceId, productId: keyProduct.id, code: "REVOKE-ME" });
    const b = await atInvoice(keyProduct.id);
    await send(paid(b.buyer, b.order));
    await shop.drain();
    await refundOrder(db(), {
      workspaceId: shop.workspaceId,
      orderId: b.order.id,
      actor: { type: "system" },
    });
    const [key] = await db()
      .select()
      .from(licenseKeys)
      .where(eq(licenseKeys.productId, keyProduct.id));
    expect(key!.orderId).toBe(b.order.id);
    expect(key!.revokedAt).not.toBeNull();
    const revoked = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.orderId, b.order.id), eq(journal.kind, "delivery.revoked")));
    expect(revoked).toHaveLength(1);
  });

  it("a refund Telegram reports (refunded_payment) revokes the delivery too", async () => {
    const p = await product({ delivery: { method: "one_time_link", fileId } });
    const { buyer, order } = await atInvoice(p.id);
    await send(paid(buyer, order));
    await shop.drain();
    const token = tokenIn(shop.texts(buyer).find((t) => tokenIn(t))!)!;
    const from = { id: buyer, is_bot: false, first_name: "Buyer" };
    const refunded = {
      message: {
        message_id: 990_000 + buyer,
        from,
        chat: { id: buyer, type: "private", first_name: "Buyer" },
        date: Math.floor(Date.now() / 1000),
        refunded_payment: {
          currency: "XTR",
          total_amount: order.amountMinor,
          invoice_payload: order.id,
          telegram_payment_charge_id: `stx-${order.id}`,
        },
      },
    } as unknown as PushableUpdate;
    expect((await send(refunded)).status).toBe(200);
    const [after] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(after!.status).toBe("refunded");
    expect((await deliveryOf(order.id)).status).toBe("revoked");
    expect(await consumeDownload(db(), token, client)).toEqual({ ok: false, why: "revoked" });
  });

  describe("with a stored file", () => {
    const content = Buffer.from("%PDF-1.4 not really, but bytes all the same\n".repeat(50));
    let stored: string;

    beforeAll(async () => {
      const file = await createFile(db(), {
        workspaceId: shop.workspaceId,
        actor: { type: "system" },
        name: "Руководство.pdf",
        contentType: "application/octet-stream",
        body: new Blob([content]).stream(),
      });
      stored = file.id;
    });

    const download = (token: string) =>
      downloadFile(
        new Request(`http://localhost:3000/d/${token}/file`, {
          method: "POST",
          headers: { "x-forwarded-for": "198.51.100.9" },
        }),
        { params: Promise.resolve({ token }) },
      );

    it("the Download button streams the file once; a second press goes back to the page", async () => {
      const p = await product({ delivery: { method: "one_time_link", fileId: stored } });
      const { buyer, order } = await atInvoice(p.id);
      await send(paid(buyer, order));
      await shop.drain();
      const token = tokenIn(shop.texts(buyer).find((t) => tokenIn(t))!)!;

      const first = await download(token);
      expect(first.status).toBe(200);
      expect(first.headers.get("content-disposition")).toContain(
        `filename*=UTF-8''${encodeURIComponent("Руководство.pdf")}`,
      );
      expect(first.headers.get("cache-control")).toBe("no-store");
      expect(Buffer.from(await first.arrayBuffer()).equals(content)).toBe(true);

      const second = await download(token);
      expect(second.status).toBe(303);
      expect(second.headers.get("location")).toBe(`/d/${token}?refused=used`);
      const unknown = await download("A".repeat(43));
      expect(unknown.headers.get("location")).toContain("refused=unknown");
    });

    it("a file sent in the chat is uploaded once per bot, then sent by its file_id", async () => {
      const p = await product({ delivery: { method: "chat_file", fileId: stored } });
      const first = await atInvoice(p.id, "Here you go");
      await send(paid(first.buyer, first.order));
      await shop.drain();
      const second = await atInvoice(p.id);
      await send(paid(second.buyer, second.order));
      await shop.drain();

      const documents = telegram()
        .callsTo("sendDocument")
        .filter((c) => [first.buyer, second.buyer].map(String).includes(String(c.params.chat_id)));
      expect(documents).toHaveLength(2);
      expect(Object.values(documents[0]!.files ?? {})[0]?.data.equals(content)).toBe(true);
      expect(documents[0]!.params.caption).toBe("Here you go");
      // The second buyer's copy went by file_id: no upload.
      expect(documents[1]!.files).toBeUndefined();
      expect(typeof documents[1]!.params.document).toBe("string");
      expect((await deliveryOf(first.order.id)).status).toBe("issued");
      expect(shop.texts(second.buyer)).toContain("Enjoy");
    });

    it("a file waits for the bot's send limit in the queue, not in a worker, and goes once", async () => {
      const p = await product({ delivery: { method: "chat_file", fileId: stored } });
      const { buyer, order } = await atInvoice(p.id);
      // The bot's bucket is four tokens short at one a second: the upload must wait about 4 s.
      setConfigForTests({ ...config(), SEND_LIMIT_BOT_PER_SECOND: 1 });
      const bucket = { key: `bot:${shop.botId}`, tokens: -3, updatedAt: new Date() };
      await db()
        .insert(sendLimits)
        .values(bucket)
        .onConflictDoUpdate({ target: sendLimits.key, set: bucket });
      try {
        await send(paid(buyer, order));
        await shop.drain();
        const uploads = () =>
          telegram()
            .callsTo("sendDocument")
            .filter((c) => String(c.params.chat_id) === String(buyer));
        expect(uploads()).toHaveLength(0);
        const [row] = await db()
          .select()
          .from(outbox)
          .where(and(eq(outbox.kind, "deliver"), eq(outbox.contactId, order.contactId!)));
        expect(row).toMatchObject({ status: "pending", attempts: 0 });
        expect(row!.lastError).toMatch(/^send limit: a token in \d/);
        expect(row!.notBefore.getTime()).toBeGreaterThan(Date.now() + 2_000);
        expect((await deliveryOf(order.id)).status).toBe("pending");
        // Staff pressing "Deliver now" meanwhile hear so at once, and nothing is sent.
        const press = deliverNow(db(), {
          workspaceId: shop.workspaceId,
          orderId: order.id,
          actor: { type: "system" },
        });
        await expect(press).rejects.toMatchObject({
          code: "service_unavailable",
          headers: { "retry-after": expect.stringMatching(/^[1-9]\d*$/) },
        });
        expect(uploads()).toHaveLength(0);

        // The clock moves on: the bot's and the chat's buckets are full again.
        const refill = () =>
          db()
            .delete(sendLimits)
            .where(like(sendLimits.key, `%${shop.botId}%`));
        // The token is there, but Telegram answers 429. That waits exactly
        // retry_after and is no failed attempt either.
        await refill();
        await db().update(outbox).set({ notBefore: new Date() }).where(eq(outbox.id, row!.id));
        telegram().failNext("sendDocument", telegramFailures.tooManyRequests(7));
        await shop.drain();
        const [limited] = await db().select().from(outbox).where(eq(outbox.id, row!.id));
        expect(limited).toMatchObject({
          status: "pending",
          attempts: 0,
          lastError: "429 retry after 7s",
        });
        expect(limited!.notBefore.getTime()).toBeGreaterThan(Date.now() + 5_000);
        expect((await deliveryOf(order.id)).status).toBe("pending");

        await refill();
        await db().update(outbox).set({ notBefore: new Date() }).where(eq(outbox.id, row!.id));
        await shop.drain();
        await shop.drain();
        // Two calls (the refused one and this one), one file in the chat.
        expect(uploads()).toHaveLength(2);
        const delivered = telegram()
          .messagesIn(buyer, shop.fakeBot.token)
          .filter((m) => m.document);
        expect(delivered).toHaveLength(1);
        expect((await deliveryOf(order.id)).status).toBe("issued");
      } finally {
        setConfigForTests({ ...config(), SEND_LIMIT_BOT_PER_SECOND: 30 });
        await db().delete(sendLimits).where(eq(sendLimits.key, bucket.key));
      }
    });

    it("a file cannot be deleted while buyers hold working links to it", async () => {
      const p = await product({ delivery: { method: "timed_link", fileId: stored } });
      const { buyer, order } = await atInvoice(p.id);
      await send(paid(buyer, order));
      await shop.drain();
      // No product names the file any more; the buyer's link still does.
      await db()
        .update(products)
        .set({ delivery: {} })
        .where(eq(products.workspaceId, shop.workspaceId));
      const remove = () =>
        deleteFile(db(), { workspaceId: shop.workspaceId, id: stored, actor: { type: "system" } });
      await expect(remove()).rejects.toMatchObject({ code: "conflict" });
      await db()
        .update(deliveries)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(deliveries.fileId, stored));
      await remove();
      expect(await db().select().from(fileAssets).where(eq(fileAssets.id, stored))).toHaveLength(0);
    });
  });
});
