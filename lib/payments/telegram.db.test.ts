import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { journal, orders, outbox, products } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import { saveProvider } from "@/lib/payments/providers/accounts";
import { refundOrder } from "@/lib/payments/refund";
import { useTestDatabase } from "@/test/db";
import { paymentFlow } from "@/test/payments";
import {
  callbackUpdate,
  messageUpdate,
  preCheckoutUpdate,
  successfulPaymentUpdate,
  type PushableUpdate,
} from "@/test/fakes/telegram";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";

/*
 * Telegram Stars and Telegram Payments end to end: the buyer's /start runs a published flow
 * whose payment node creates the order and sends the invoice through the fake Telegram; the
 * pre-checkout question and the successful payment come back through the real webhook route;
 * the flow continues only when the payment is recorded.
 */

function payFlow(productId: string, provider: "stars" | "telegram" = "stars"): FlowDocument {
  return paymentFlow({
    productId,
    provider,
    say: {
      paid: "Thanks! Order {{order.id}}: {{order.product_title}}, {{order.amount}} {{order.currency}}",
      failed: "The payment did not go through",
      canceled: "Payment canceled",
      timeout: "The invoice expired",
    },
  });
}

describe("Telegram Stars and Telegram Payments", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let updateId = 5000;
  let chat = 700;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
  });

  const drain = () => shop.drain();
  const deliver = (update: PushableUpdate) => shop.deliver({ ...update, update_id: ++updateId });
  const texts = (chatId: number) => shop.texts(chatId);

  async function product(values: Partial<typeof products.$inferInsert> = {}) {
    const [row] = await db()
      .insert(products)
      .values({
        workspaceId: shop.workspaceId,
        title: "Photo course",
        description: "Twelve lessons",
        priceMinor: 150,
        currency: "XTR",
        kind: "course",
        ...values,
      })
      .returning();
    return row!;
  }

  let flowId: string | undefined;

  /** A new version of the shop's flow and a new buyer per test: /start, then the invoice. */
  async function buyerAtInvoice(productId: string, provider: "stars" | "telegram" = "stars") {
    ({ flowId } = await shop.publish(payFlow(productId, provider), flowId));
    const buyer = ++chat;
    await deliver(messageUpdate({ chatId: buyer, text: "/start" }));
    await drain();
    const [order] = await db().select().from(orders).where(eq(orders.productId, productId));
    return { buyer, order: order! };
  }

  it("sends a Stars invoice for a new order, whose payload is the order id", async () => {
    const p = await product();
    const { buyer, order } = await buyerAtInvoice(p.id);
    expect(order).toMatchObject({
      status: "pending",
      provider: "stars",
      amountMinor: 150,
      currency: "XTR",
    });
    const invoice = telegram().callsTo("sendInvoice").at(-1)!;
    expect(invoice.params).toMatchObject({
      chat_id: String(buyer),
      title: "Photo course",
      description: "Twelve lessons",
      payload: order.id,
      currency: "XTR",
      prices: [{ label: "Photo course", amount: 150 }],
    });
    expect(invoice.params).not.toHaveProperty("provider_token");
    expect(texts(buyer)).toEqual(["invoice:150"]);
  });

  it("accepts the pre-checkout, records the payment once, and continues the flow once", async () => {
    const p = await product({ title: "Presets" });
    const { buyer, order } = await buyerAtInvoice(p.id);

    await deliver(
      preCheckoutUpdate({
        userId: buyer,
        currency: "XTR",
        totalAmount: 150,
        payload: order.id,
        queryId: "q-ok",
      }),
    );
    await drain();
    expect(telegram().callsTo("answerPreCheckoutQuery").at(-1)!.params).toMatchObject({
      pre_checkout_query_id: "q-ok",
      ok: true,
    });

    // Telegram redelivers, and a retry races it: five updates carrying one charge.
    const payment = successfulPaymentUpdate({
      chatId: buyer,
      currency: "XTR",
      totalAmount: 150,
      payload: order.id,
      telegramPaymentChargeId: `stx-${order.id}`,
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(payment)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await drain();

    const [paid] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(paid).toMatchObject({ status: "paid", chargeId: `stx-${order.id}` });
    const transitions = await db()
      .select({ kind: journal.kind })
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "order.paid")));
    expect(transitions).toHaveLength(1);
    expect(texts(buyer)).toEqual(["invoice:150", `Thanks! Order ${order.id}: Presets, 150 XTR`]);
  });

  it("refunds Stars with refundStarPayment and revokes nothing twice", async () => {
    const p = await product({ title: "Refundable" });
    const { buyer, order } = await buyerAtInvoice(p.id);
    await deliver(
      successfulPaymentUpdate({
        chatId: buyer,
        currency: "XTR",
        totalAmount: 150,
        payload: order.id,
        telegramPaymentChargeId: `stx-refund-${order.id}`,
      }),
    );
    const actor = { type: "system" } as const;
    const { order: refunded } = await refundOrder(db(), {
      workspaceId: shop.workspaceId,
      orderId: order.id,
      actor,
    });
    expect(refunded.status).toBe("refunded");
    expect(telegram().callsTo("refundStarPayment").at(-1)!.params).toMatchObject({
      user_id: buyer,
      telegram_payment_charge_id: `stx-refund-${order.id}`,
    });
    // Again: already refunded, no second call to Telegram.
    const calls = telegram().callsTo("refundStarPayment").length;
    await refundOrder(db(), { workspaceId: shop.workspaceId, orderId: order.id, actor });
    expect(telegram().callsTo("refundStarPayment")).toHaveLength(calls);
  });

  it("offers a 30-day Star subscription as an invoice link with a pay button", async () => {
    const p = await product({
      title: "Club",
      kind: "subscription",
      periodDays: 30,
      priceMinor: 250,
    });
    const { buyer, order } = await buyerAtInvoice(p.id);
    expect(order).toMatchObject({ status: "pending", provider: "stars" });
    expect(telegram().callsTo("createInvoiceLink").at(-1)!.params).toMatchObject({
      payload: order.id,
      currency: "XTR",
      subscription_period: 2592000,
      prices: [{ amount: 250 }],
    });
    const last = telegram().messagesIn(buyer, shop.fakeBot.token).at(-1)!;
    const button = "reply_markup" in last ? last.reply_markup?.inline_keyboard[0]?.[0] : undefined;
    expect(button).toMatchObject({
      text: "Pay ⭐ 250",
      url: expect.stringMatching(/^https:\/\/t\.me\/\$/),
    });
  });

  it("cancels a Star subscription before refunding it", async () => {
    const p = await product({ title: "Club refund", kind: "subscription", periodDays: 30 });
    const { buyer, order } = await buyerAtInvoice(p.id);
    const update = successfulPaymentUpdate({
      chatId: buyer,
      currency: "XTR",
      totalAmount: 150,
      payload: order.id,
      telegramPaymentChargeId: `sub-${order.id}`,
    });
    const paid = update.message?.successful_payment;
    if (!paid) throw new Error("successfulPaymentUpdate made no successful_payment");
    Object.assign(paid, {
      subscription_expiration_date: Math.floor(Date.now() / 1000) + 30 * 86400,
      is_recurring: true,
      is_first_recurring: true,
    });
    await deliver(update);
    await refundOrder(db(), {
      workspaceId: shop.workspaceId,
      orderId: order.id,
      actor: { type: "system" },
    });
    expect(telegram().callsTo("editUserStarSubscription").at(-1)!.params).toMatchObject({
      user_id: buyer,
      telegram_payment_charge_id: `sub-${order.id}`,
      is_canceled: true,
    });
    expect((await db().select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe(
      "refunded",
    );
  });

  it("sells from a catalog: the picked product gets the invoice", async () => {
    const picked = await product({ title: "Picked one", priceMinor: 75 });
    const catalogFlow: FlowDocument = {
      ...payFlow("", "stars"),
      nodes: [
        ...payFlow("", "stars").nodes.map((n) =>
          n.id === "pay" ? { ...n, config: { ...n.config, product: "selected" } } : n,
        ),
        {
          id: "cat",
          type: "catalog",
          position: { x: 150, y: 0 },
          config: { text: "Pick:", productIds: [picked.id] },
        },
        { id: "none", type: "message", position: { x: 300, y: 200 }, config: { text: "Nothing" } },
      ],
      edges: [
        { id: "e-start", source: "start", sourceHandle: "next", target: "cat" },
        { id: "e-cat", source: "cat", sourceHandle: "selected", target: "pay" },
        { id: "e-none", source: "cat", sourceHandle: "empty", target: "none" },
        ...payFlow("", "stars").edges.filter((e) => e.source === "pay"),
      ],
    };
    ({ flowId } = await shop.publish(catalogFlow, flowId));
    const buyer = ++chat;
    await deliver(messageUpdate({ chatId: buyer, text: "/start" }));
    await drain();
    const menu = telegram().messagesIn(buyer, shop.fakeBot.token).at(-1)!;
    const button = "reply_markup" in menu ? menu.reply_markup?.inline_keyboard[0]?.[0] : undefined;
    expect(button).toMatchObject({ text: "Picked one · ⭐ 75", callback_data: "cat:0" });

    await deliver(callbackUpdate({ chatId: buyer, data: "cat:0", messageId: menu.message_id }));
    await drain();
    const [order] = await db().select().from(orders).where(eq(orders.productId, picked.id));
    expect(order).toMatchObject({ status: "pending", amountMinor: 75 });
    expect(telegram().callsTo("sendInvoice").at(-1)!.params).toMatchObject({ payload: order!.id });
  });

  it("expires the open order when the buyer starts over, so the old invoice cannot be paid", async () => {
    const p = await product({ title: "Changed mind" });
    const { buyer, order } = await buyerAtInvoice(p.id);
    await deliver(messageUpdate({ chatId: buyer, text: "/start" }));
    await drain();
    expect((await db().select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe(
      "expired",
    );
    await deliver(
      preCheckoutUpdate({
        userId: buyer,
        currency: "XTR",
        totalAmount: 150,
        payload: order.id,
        queryId: "q-old",
      }),
    );
    const answer = telegram().callsTo("answerPreCheckoutQuery").at(-1)!.params;
    expect(answer).toMatchObject({ pre_checkout_query_id: "q-old", ok: false });
  });

  it("answers the pre-checkout before the webhook returns, and refuses another person's", async () => {
    const p = await product({ title: "Forwarded" });
    const { order } = await buyerAtInvoice(p.id);
    // No drain: the answer must already be with Telegram when the webhook has answered.
    await deliver(
      preCheckoutUpdate({
        userId: 424242,
        currency: "XTR",
        totalAmount: 150,
        payload: order.id,
        queryId: "q-other",
      }),
    );
    const answer = telegram().callsTo("answerPreCheckoutQuery").at(-1)!.params;
    expect(answer).toMatchObject({ pre_checkout_query_id: "q-other", ok: false });
    expect(String(answer.error_message)).toMatch(/issued to someone else/);
  });

  it("refunds a second Stars charge for an order already paid, and journals it", async () => {
    const p = await product({ title: "Paid twice" });
    const { buyer, order } = await buyerAtInvoice(p.id);
    const pay = (charge: string) =>
      deliver(
        successfulPaymentUpdate({
          chatId: buyer,
          currency: "XTR",
          totalAmount: 150,
          payload: order.id,
          telegramPaymentChargeId: charge,
        }),
      );
    await pay(`first-${order.id}`);
    await pay(`second-${order.id}`);
    await drain();
    const [row] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ status: "paid", chargeId: `first-${order.id}` });
    expect(telegram().callsTo("refundStarPayment").at(-1)!.params).toMatchObject({
      user_id: buyer,
      telegram_payment_charge_id: `second-${order.id}`,
    });
    const duplicate = await db()
      .select({ data: journal.data })
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "payment.duplicate")));
    expect(duplicate).toHaveLength(1);
    expect(duplicate[0]!.data).toMatchObject({ chargeId: `second-${order.id}`, refunding: true });
  });

  it("refuses a pre-checkout once the price has changed, with a message, and changes nothing", async () => {
    const p = await product({ title: "Brushes" });
    const { buyer, order } = await buyerAtInvoice(p.id);
    await db().update(products).set({ priceMinor: 200 }).where(eq(products.id, p.id));

    await deliver(
      preCheckoutUpdate({
        userId: buyer,
        currency: "XTR",
        totalAmount: 150,
        payload: order.id,
        queryId: "q-price",
      }),
    );
    await drain();
    const answer = telegram().callsTo("answerPreCheckoutQuery").at(-1)!.params;
    expect(answer).toMatchObject({ pre_checkout_query_id: "q-price", ok: false });
    expect(String(answer.error_message)).toMatch(/price has changed/);
    const [row] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(row!.status).toBe("pending");
  });

  it("refuses a pre-checkout for an invoice that is not ours, in the buyer's language", async () => {
    await deliver(
      preCheckoutUpdate({
        userId: 9,
        currency: "XTR",
        totalAmount: 1,
        payload: "forged",
        queryId: "q-forged",
        from: { language_code: "ru" },
      }),
    );
    await drain();
    const answer = telegram().callsTo("answerPreCheckoutQuery").at(-1)!.params;
    expect(answer).toMatchObject({ pre_checkout_query_id: "q-forged", ok: false });
    expect(String(answer.error_message)).toMatch(/Этот счёт больше не действует/);
  });

  it("takes the failed path when the product cannot be sold, and creates no order", async () => {
    const soldOut = await product({ title: "Sold out", stock: 0 });
    const { buyer, order } = await buyerAtInvoice(soldOut.id);
    expect(order).toBeUndefined();
    expect(texts(buyer)).toEqual(["The payment did not go through"]);
    const [row] = await db()
      .select({ status: outbox.status, lastError: outbox.lastError })
      .from(outbox)
      .where(and(eq(outbox.kind, "payment"), eq(outbox.chatId, String(buyer))));
    expect(row).toMatchObject({ status: "failed", lastError: "out_of_stock" });
  });

  it("refuses to sell a Stars product through Telegram Payments", async () => {
    const p = await product({ title: "Stars only" });
    const { buyer, order } = await buyerAtInvoice(p.id, "telegram");
    expect(order).toBeUndefined();
    expect(texts(buyer)).toEqual(["The payment did not go through"]);
  });

  it("sends a card invoice with the workspace's provider token for Telegram Payments", async () => {
    await saveProvider(db(), {
      workspaceId: shop.workspaceId,
      kind: "telegram",
      values: { mode: "test", providerToken: "381764678:TEST:100500" },
      actor: { type: "system" },
    });
    const p = await product({ title: "Lightroom pack", priceMinor: 49900, currency: "RUB" });
    const { buyer, order } = await buyerAtInvoice(p.id, "telegram");
    expect(order).toMatchObject({ status: "pending", provider: "telegram", test: true });
    expect(telegram().callsTo("sendInvoice").at(-1)!.params).toMatchObject({
      currency: "RUB",
      provider_token: "381764678:TEST:100500",
      prices: [{ amount: 49900 }],
    });

    await deliver(
      successfulPaymentUpdate({
        chatId: buyer,
        currency: "RUB",
        totalAmount: 49900,
        payload: order.id,
        telegramPaymentChargeId: "tg-charge-1",
        providerPaymentChargeId: "yk-2f1e",
      }),
    );
    await drain();
    const [paid] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(paid).toMatchObject({
      status: "paid",
      chargeId: "tg-charge-1",
      providerChargeId: "yk-2f1e",
    });
    expect(texts(buyer).at(-1)).toBe(`Thanks! Order ${order.id}: Lightroom pack, 499.00 RUB`);
  });

  it("expires the order when the node times out, and still takes a late payment", async () => {
    const p = await product({ title: "Slow buyer" });
    const { buyer, order } = await buyerAtInvoice(p.id);
    // The timer row comes due now, as if 30 minutes had passed.
    await db()
      .update(outbox)
      .set({ notBefore: new Date(0) })
      .where(and(eq(outbox.kind, "timer"), eq(outbox.contactId, order.contactId!)));
    await drain();
    expect((await db().select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe(
      "expired",
    );
    expect(texts(buyer).at(-1)).toBe("The invoice expired");

    await deliver(
      successfulPaymentUpdate({
        chatId: buyer,
        currency: "XTR",
        totalAmount: 150,
        payload: order.id,
      }),
    );
    await drain();
    expect((await db().select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe(
      "paid",
    );
    const [late] = await db()
      .select({ data: journal.data })
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "order.paid")));
    expect(late!.data).toMatchObject({ from: "expired", late: true });
    // No flow continues for it: staff are told to deliver or refund by hand.
    const alerts = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "payment.late")));
    expect(alerts).toHaveLength(1);
    // The flow had moved on: no second ending for the buyer.
    expect(texts(buyer).at(-1)).toBe("The invoice expired");
  });
});
