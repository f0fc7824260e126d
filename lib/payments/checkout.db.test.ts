import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as stripeWebhook } from "@/app/api/payments/stripe/[providerId]/route";
import { POST as yookassaWebhook } from "@/app/api/payments/yookassa/[providerId]/route";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import { accessGrants, journal, orders, outbox, paymentEvents, products } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import { saveProvider } from "@/lib/payments/providers/accounts";
import { reconcileOrders } from "@/lib/payments/reconcile";
import { refundOrder } from "@/lib/payments/refund";
import { useTestDatabase } from "@/test/db";
import { paymentFlow } from "@/test/payments";
import { startFakeStripe, type FakeStripe } from "@/test/fakes/stripe";
import { messageUpdate } from "@/test/fakes/telegram";
import { startFakeYookassa, type FakeYookassa } from "@/test/fakes/yookassa";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { serveRoute } from "@/test/serve-route";
import { useFakeTelegram } from "@/test/telegram";

/*
 * Stripe and YooKassa end to end: the buyer in the fake Telegram chat gets a pay link from the
 * payment node, pays on the fake provider, and the provider's webhook (signed by Stripe; for
 * YooKassa confirmed by reading the payment back) moves the order to paid and the flow on.
 * Forged events change nothing; a lost webhook is settled by reconciliation.
 */

function payFlow(productId: string, provider: "stripe" | "yookassa"): FlowDocument {
  return paymentFlow({
    productId,
    provider,
    timeoutMinutes: 60,
    say: {
      paid: "Paid: {{order.product_title}}",
      failed: "The payment failed. Try again?",
      canceled: "Payment canceled",
      timeout: "The link expired",
    },
  });
}

describe("external checkout", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let stripe: FakeStripe;
  let yookassa: FakeYookassa;
  let previous: AppConfig;
  let shop: RuntimeShop;
  let stripeHook: Awaited<ReturnType<typeof serveRoute>>;
  let yookassaHook: Awaited<ReturnType<typeof serveRoute>>;
  let flowId: string | undefined;
  let updateId = 9000;
  let chat = 900;

  beforeAll(async () => {
    stripe = await startFakeStripe();
    yookassa = await startFakeYookassa();
    previous = config();
    setConfigForTests({
      ...previous,
      STRIPE_API_BASE: stripe.apiBase,
      YOOKASSA_API_URL: yookassa.apiUrl,
    });
    shop = await createRuntimeShop(db(), telegram());
    const stripeAccount = stripe.addAccount();
    const { row: stripeRow } = await saveProvider(db(), {
      workspaceId: shop.workspaceId,
      kind: "stripe",
      values: {
        mode: "test",
        secretKey: stripeAccount.secretKey,
        webhookSecret: stripeAccount.webhookSecret,
      },
      actor: { type: "system" },
    });
    const yookassaShop = yookassa.addShop();
    const { row: yookassaRow } = await saveProvider(db(), {
      workspaceId: shop.workspaceId,
      kind: "yookassa",
      values: { mode: "test", shopId: yookassaShop.shopId, secretKey: yookassaShop.secretKey },
      actor: { type: "system" },
    });
    stripeHook = await serveRoute(stripeWebhook, { providerId: stripeRow.id });
    yookassaHook = await serveRoute(yookassaWebhook, { providerId: yookassaRow.id });
  });

  afterAll(async () => {
    setConfigForTests(previous);
    await stripeHook?.close();
    await yookassaHook?.close();
    await stripe?.close();
    await yookassa?.close();
  });

  const drain = () => shop.drain();
  const texts = (chatId: number) => shop.texts(chatId);
  const orderOf = async (id: string) =>
    (await db().select().from(orders).where(eq(orders.id, id)))[0]!;

  /** A new flow version selling a new product, a new buyer at the pay link. */
  async function buyerAtCheckout(provider: "stripe" | "yookassa") {
    const [product] = await db()
      .insert(products)
      .values({
        workspaceId: shop.workspaceId,
        title: `Course ${++chat}`,
        priceMinor: 249000,
        currency: "RUB",
        kind: "course",
      })
      .returning();
    ({ flowId } = await shop.publish(payFlow(product!.id, provider), flowId));
    const buyer = chat;
    await shop.deliver({
      ...messageUpdate({ chatId: buyer, text: "/start" }),
      update_id: ++updateId,
    });
    await drain();
    const [order] = await db().select().from(orders).where(eq(orders.productId, product!.id));
    return { buyer, order: order!, title: product!.title };
  }

  const payButton = (chatId: number) => {
    const last = telegram().messagesIn(chatId, shop.fakeBot.token).at(-1);
    return last && "reply_markup" in last ? last.reply_markup?.inline_keyboard[0]?.[0] : undefined;
  };

  describe("Stripe", () => {
    it("sends a Checkout link, and a signed webhook delivered five times pays the order once", async () => {
      const { buyer, order, title } = await buyerAtCheckout("stripe");
      expect(order).toMatchObject({ status: "pending", provider: "stripe", test: true });
      expect(order.providerPaymentId).toMatch(/^cs_test_/);
      expect(payButton(buyer)).toMatchObject({
        text: expect.stringMatching(/^Pay RUB\s2,490\.00$/),
        url: expect.stringContaining(order.providerPaymentId!),
      });
      const created = stripe.callsTo("POST", "/v1/checkout/sessions").at(-1)!;
      expect(created.idempotencyKey).toBe(`checkout:${order.id}`);
      expect(created.params).toMatchObject({ metadata: { order_id: order.id } });

      const { events } = stripe.completeSession(order.providerPaymentId!);
      const completed = events.find((e) => e.type === "checkout.session.completed")!;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => stripe.deliver(stripeHook.url, completed)),
      );
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      await drain();

      const paid = await orderOf(order.id);
      expect(paid).toMatchObject({ status: "paid", chargeId: expect.stringMatching(/^pi_/) });
      const [paidEntries] = await db()
        .select({ n: count() })
        .from(journal)
        .where(and(eq(journal.orderId, order.id), eq(journal.kind, "order.paid")));
      expect(paidEntries?.n).toBe(1);
      expect(texts(buyer).filter((t) => t?.startsWith("Paid:"))).toEqual([`Paid: ${title}`]);
    });

    it("answers 404 to an address that names no Stripe account, even a malformed one", async () => {
      for (const providerId of ["0".repeat(36), crypto.randomUUID()]) {
        const res = await stripeWebhook(
          new Request(`http://localhost/api/payments/stripe/${providerId}`, {
            method: "POST",
            body: "{}",
          }),
          { params: Promise.resolve({ providerId }) },
        );
        expect(res.status).toBe(404);
      }
    });

    it("refuses a forged signature with 400 and changes nothing", async () => {
      const { order } = await buyerAtCheckout("stripe");
      const { events } = stripe.completeSession(order.providerPaymentId!);
      const completed = events.find((e) => e.type === "checkout.session.completed")!;
      const forged = await stripe.deliver(stripeHook.url, completed, {
        secret: "whsec_forgedforgedforged",
      });
      expect(forged.status).toBe(400);
      const unsigned = await stripe.deliver(stripeHook.url, completed, { unsigned: true });
      expect(unsigned.status).toBe(400);
      expect((await orderOf(order.id)).status).toBe("pending");
      const recorded = await db()
        .select()
        .from(paymentEvents)
        .where(eq(paymentEvents.eventId, completed.id));
      expect(recorded).toEqual([]);
    });

    it("settles a lost webhook by reconciliation, and the flow continues", async () => {
      const { buyer, order, title } = await buyerAtCheckout("stripe");
      stripe.completeSession(order.providerPaymentId!); // paid, but the webhook never arrives
      const early = await reconcileOrders(db());
      expect((await orderOf(order.id)).status).toBe("pending"); // too young to ask about
      expect(early.changed).toBe(0);

      const result = await reconcileOrders(db(), { now: Date.now() + 11 * 60_000 });
      expect(result.changed).toBeGreaterThanOrEqual(1);
      await drain();
      expect((await orderOf(order.id)).status).toBe("paid");
      expect(texts(buyer).at(-1)).toBe(`Paid: ${title}`);
      const [entry] = await db()
        .select({ data: journal.data })
        .from(journal)
        .where(and(eq(journal.orderId, order.id), eq(journal.kind, "order.paid")));
      expect(entry!.data).toMatchObject({ via: "reconciliation" });
    });

    it("refunds from the order page once, and takes a refund made in Stripe's dashboard", async () => {
      const { order } = await buyerAtCheckout("stripe");
      const { events } = stripe.completeSession(order.providerPaymentId!);
      await stripe.deliver(
        stripeHook.url,
        events.find((e) => e.type === "checkout.session.completed")!,
      );
      const owner = { type: "system" } as const;
      const [first, second] = await Promise.all([
        refundOrder(db(), { workspaceId: shop.workspaceId, orderId: order.id, actor: owner }),
        refundOrder(db(), { workspaceId: shop.workspaceId, orderId: order.id, actor: owner }),
      ]);
      expect([first.order.status, second.order.status]).toEqual(["refunded", "refunded"]);
      // One refund at Stripe: the idempotency key is the order's.
      const refunds = stripe
        .callsTo("POST", "/v1/refunds")
        .filter((c) => !c.replayed && c.status === 200);
      expect(refunds).toHaveLength(1);
      expect(refunds[0]!.idempotencyKey).toBe(`refund:${order.id}`);

      const other = await buyerAtCheckout("stripe");
      const paid = stripe.completeSession(other.order.providerPaymentId!);
      await stripe.deliver(
        stripeHook.url,
        paid.events.find((e) => e.type === "checkout.session.completed")!,
      );
      const intent = (await orderOf(other.order.id)).chargeId!;
      const refunded = stripe.refundFromDashboard(intent);
      for (const event of refunded.events) await stripe.deliver(stripeHook.url, event);
      expect((await orderOf(other.order.id)).status).toBe("refunded");
    });

    /** A new subscription product bought through Checkout, its events delivered. */
    async function paidSubscription() {
      const [product] = await db()
        .insert(products)
        .values({
          workspaceId: shop.workspaceId,
          title: `Club ${++chat}`,
          priceMinor: 99000,
          currency: "RUB",
          kind: "subscription",
          periodDays: 30,
        })
        .returning();
      ({ flowId } = await shop.publish(payFlow(product!.id, "stripe"), flowId));
      await shop.deliver({
        ...messageUpdate({ chatId: chat, text: "/start" }),
        update_id: ++updateId,
      });
      await drain();
      const [order] = await db().select().from(orders).where(eq(orders.productId, product!.id));
      const { events } = stripe.completeSession(order!.providerPaymentId!);
      for (const event of events) await stripe.deliver(stripeHook.url, event);
      const paid = await orderOf(order!.id);
      expect(paid).toMatchObject({
        status: "paid",
        subscriptionId: expect.stringMatching(/^sub_/),
        // The first invoice's payment intent, for refunds made in Stripe's Dashboard.
        chargeId: expect.stringMatching(/^pi_/),
      });
      return paid;
    }

    it("cancels a subscription when its order is refunded, so it does not charge again", async () => {
      const paid = await paidSubscription();
      await refundOrder(db(), {
        workspaceId: shop.workspaceId,
        orderId: paid.id,
        actor: { type: "system" },
      });
      expect(stripe.get(paid.subscriptionId!)).toMatchObject({ status: "canceled" });
      expect((await orderOf(paid.id)).status).toBe("refunded");
    });

    it("takes a subscription's refund made in Stripe's Dashboard", async () => {
      const paid = await paidSubscription();
      const { events } = stripe.refundFromDashboard(paid.chargeId!);
      for (const event of events) await stripe.deliver(stripeHook.url, event);
      expect((await orderOf(paid.id)).status).toBe("refunded");
    });

    it("a renewal extends the channel grant to the new period's end; a cancellation lets it run out", async () => {
      const paid = await paidSubscription();
      const buyer = chat;
      // The grant as the channel method leaves it: the first period plus a day's grace.
      const firstEnd = Date.now() + 31 * 86_400_000;
      await db()
        .insert(accessGrants)
        .values({
          workspaceId: shop.workspaceId,
          orderId: paid.id,
          contactId: paid.contactId,
          productId: paid.productId,
          botId: shop.botId,
          chatId: "-1009999",
          inviteLink: `https://t.me/+grant${buyer}`,
          memberUserId: String(buyer),
          endsAt: new Date(firstEnd),
          remindedAt: new Date(),
        });
      const grant = async () =>
        (await db().select().from(accessGrants).where(eq(accessGrants.orderId, paid.id)))[0]!;

      const { events } = stripe.renewSubscription(paid.subscriptionId!);
      const invoicePaid = events.find((e) => e.type === "invoice.paid")!;
      // The fake's events are plain JSON; the invoice's subscription line holds the period.
      const lines = (invoicePaid.data.object as { lines: { data: { period: { end: number } }[] } })
        .lines.data;
      const periodEnd = lines[0]!.period.end * 1000;
      for (const event of events) await stripe.deliver(stripeHook.url, event);
      await stripe.deliver(stripeHook.url, invoicePaid); // redelivered
      const renewed = await grant();
      expect(renewed.endsAt!.getTime()).toBe(periodEnd + 86_400_000);
      expect(renewed.remindedAt).toBeNull();
      const extended = await db()
        .select()
        .from(journal)
        .where(and(eq(journal.orderId, paid.id), eq(journal.kind, "access.extended")));
      expect(extended).toHaveLength(1);

      const cancel = stripe.cancelSubscription(paid.subscriptionId!);
      for (const event of cancel.events) await stripe.deliver(stripeHook.url, event);
      await drain();
      const ending = await grant();
      expect(ending.endsAt!.getTime()).toBe(periodEnd + 86_400_000);
      expect(ending.remindedAt).not.toBeNull();
      expect(ending.removedAt).toBeNull();
      expect(texts(buyer).filter((t) => t.includes("has been cancelled"))).toHaveLength(1);
    });

    it("closes the Checkout Session when the payment node times out", async () => {
      const { buyer, order } = await buyerAtCheckout("stripe");
      await db()
        .update(outbox)
        .set({ notBefore: new Date(0) })
        .where(and(eq(outbox.kind, "timer"), eq(outbox.contactId, order.contactId!)));
      await drain();
      expect((await orderOf(order.id)).status).toBe("expired");
      expect(texts(buyer).at(-1)).toBe("The link expired");
      expect(stripe.get(order.providerPaymentId!)).toMatchObject({ status: "expired" });
    });

    it("tells the buyer when an async payment fails", async () => {
      const { buyer, order } = await buyerAtCheckout("stripe");
      stripe.completeSession(order.providerPaymentId!, { async: true });
      const { events } = stripe.failAsyncPayment(order.providerPaymentId!);
      await stripe.deliver(
        stripeHook.url,
        events.find((e) => e.type.endsWith("async_payment_failed"))!,
      );
      await drain();
      expect((await orderOf(order.id)).status).toBe("failed");
      expect(texts(buyer).at(-1)).toBe("The payment failed. Try again?");
    });
  });

  describe("YooKassa", () => {
    it("pays only when YooKassa's API says the payment succeeded", async () => {
      const { buyer, order, title } = await buyerAtCheckout("yookassa");
      expect(order).toMatchObject({ status: "pending", provider: "yookassa" });
      const paymentId = order.providerPaymentId!;
      const created = yookassa.callsTo("createPayment").at(-1)!;
      expect(created).toMatchObject({ idempotenceKey: `checkout:${order.id}` });

      // A notification claiming success while the payment is still pending: a forgery.
      const forged = await yookassa.notify(yookassaHook.url, "payment.succeeded", paymentId);
      expect(forged.status).toBe(200);
      expect((await orderOf(order.id)).status).toBe("pending");

      yookassa.succeed(paymentId);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          yookassa.notify(yookassaHook.url, "payment.succeeded", paymentId),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      await drain();
      expect((await orderOf(order.id)).status).toBe("paid");
      const transitions = await db()
        .select()
        .from(journal)
        .where(and(eq(journal.orderId, order.id), eq(journal.kind, "order.paid")));
      expect(transitions).toHaveLength(1);
      expect(texts(buyer).at(-1)).toBe(`Paid: ${title}`);
    });

    it("answers 400 to a body that is not a notification or a payment the shop does not have, and 503 when YooKassa cannot confirm", async () => {
      const bad = await fetch(yookassaHook.url, { method: "POST", body: '{"type":1}' });
      expect(bad.status).toBe(400);
      const unknown = await fetch(yookassaHook.url, {
        method: "POST",
        body: JSON.stringify({
          type: "notification",
          event: "payment.succeeded",
          object: { id: "2f00f2d1-000f-5000-9000-1a2b3c4d5e6f", status: "succeeded" },
        }),
      });
      expect(unknown.status).toBe(400);
      const { order } = await buyerAtCheckout("yookassa");
      yookassa.failNext("getPayment", {
        kind: "error",
        status: 500,
        code: "internal_server_error",
        description: "oops",
      });
      const unconfirmed = await yookassa.notify(
        yookassaHook.url,
        "payment.succeeded",
        order.providerPaymentId!,
      );
      expect(unconfirmed.status).toBe(503);
      expect((await orderOf(order.id)).status).toBe("pending");
    });

    it("refunds through YooKassa", async () => {
      const { order } = await buyerAtCheckout("yookassa");
      yookassa.succeed(order.providerPaymentId!);
      await yookassa.notify(yookassaHook.url, "payment.succeeded", order.providerPaymentId!);
      const { order: refunded } = await refundOrder(db(), {
        workspaceId: shop.workspaceId,
        orderId: order.id,
        actor: { type: "system" },
        reason: "Asked by the buyer",
      });
      expect(refunded.status).toBe("refunded");
      expect(yookassa.payment(order.providerPaymentId!)).toMatchObject({
        refunded_amount: { value: "2490.00", currency: "RUB" },
      });
      // YooKassa then reports it; nothing changes twice.
      await yookassa.notify(yookassaHook.url, "refund.succeeded", order.providerPaymentId!);
      const entries = await db()
        .select()
        .from(journal)
        .where(and(eq(journal.orderId, order.id), eq(journal.kind, "order.refunded")));
      expect(entries).toHaveLength(1);
    });

    it("cancels: the buyer hears about it", async () => {
      const { buyer, order } = await buyerAtCheckout("yookassa");
      yookassa.cancel(order.providerPaymentId!, "insufficient_funds", "payment_network");
      await yookassa.notify(yookassaHook.url, "payment.canceled", order.providerPaymentId!);
      await drain();
      expect((await orderOf(order.id)).status).toBe("canceled");
      expect(texts(buyer).at(-1)).toBe("Payment canceled");
    });
  });
});
