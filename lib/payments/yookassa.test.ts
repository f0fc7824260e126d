import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import { startFakeYookassa, type FakeYookassa, type FakeYookassaShop } from "@/test/fakes/yookassa";
import type { CheckoutRequest, PaymentAdapter } from "@/lib/payments/types";
import {
  parseYookassaNotification,
  providerStatusOf,
  yookassaAdapter,
  YOOKASSA_NOTIFICATION_MAX_BYTES,
} from "./yookassa";
import { YookassaApiError } from "./yookassa/client";
import type { YookassaPayment } from "./yookassa/schemas";

let fake: FakeYookassa;
let shop: FakeYookassaShop;
let adapter: PaymentAdapter;
let previous: AppConfig;
let orders = 0;

beforeAll(async () => {
  fake = await startFakeYookassa();
  shop = fake.addShop();
  previous = config();
  setConfigForTests({ ...previous, YOOKASSA_API_URL: fake.apiUrl });
  adapter = yookassaAdapter(shop);
});
afterEach(() => fake.reset());
afterAll(async () => {
  setConfigForTests(previous);
  await fake.close();
});

function checkout(over: Partial<CheckoutRequest> = {}): CheckoutRequest {
  const orderId = `ord_${++orders}`;
  return {
    orderId,
    title: "TypeScript course",
    amountMinor: 12_345,
    currency: "RUB",
    successUrl: `https://shop.example/pay/${orderId}/back`,
    cancelUrl: `https://shop.example/pay/${orderId}/cancel`,
    expiresAt: new Date(Date.now() + 3_600_000),
    ...over,
  };
}

async function paidCheckout(over: Partial<CheckoutRequest> = {}) {
  const request = checkout(over);
  const { providerPaymentId } = await adapter.createCheckout(
    request,
    `${request.orderId}:checkout`,
  );
  fake.succeed(providerPaymentId);
  return { request, providerPaymentId };
}

describe("yookassaAdapter.createCheckout", () => {
  it("sends the amount as YooKassa's decimal string, the order id as metadata, one-stage", async () => {
    const request = checkout();
    const result = await adapter.createCheckout(request, `${request.orderId}:checkout`);
    expect(result.url).toMatch(/^https:\/\//);
    expect(fake.callsTo("createPayment")[0]?.body).toEqual({
      amount: { value: "123.45", currency: "RUB" },
      capture: true,
      confirmation: { type: "redirect", return_url: request.successUrl },
      description: "TypeScript course",
      metadata: { order_id: request.orderId },
    });
    expect(fake.payment(result.providerPaymentId)?.metadata).toEqual({ order_id: request.orderId });
  });

  it("the same idempotency key is the same payment", async () => {
    const request = checkout();
    const a = await adapter.createCheckout(request, `${request.orderId}:checkout`);
    const b = await adapter.createCheckout(request, `${request.orderId}:checkout`);
    expect(b).toEqual(a);
    expect(fake.payments().filter((p) => p.metadata?.order_id === request.orderId)).toHaveLength(1);
  });

  it("converts zero- and two-digit currencies exactly", async () => {
    for (const [amountMinor, currency, value] of [
      [1, "RUB", "0.01"],
      [100, "RUB", "1.00"],
      [1_999_999, "RUB", "19999.99"],
      [500, "JPY", "500"],
    ] as const) {
      const request = checkout({ amountMinor, currency });
      const { providerPaymentId } = await adapter.createCheckout(request, `${request.orderId}:c`);
      expect(fake.callsTo("createPayment").at(-1)?.body).toMatchObject({
        amount: { value, currency },
      });
      const read = await adapter.getPayment(providerPaymentId);
      expect(read).toMatchObject({ amountMinor, currency });
    }
  });

  it("clips a long title to YooKassa's 128 characters without splitting a surrogate pair", async () => {
    const title = "Курс 📚 ".repeat(40);
    const request = checkout({ title });
    const { providerPaymentId } = await adapter.createCheckout(request, `${request.orderId}:c`);
    const description = fake.payment(providerPaymentId)?.description ?? "";
    expect(description.length).toBeLessThanOrEqual(128);
    expect(description.length).toBeGreaterThan(120);
    expect(description.endsWith("…")).toBe(true);
    // encodeURIComponent throws on a lone surrogate.
    expect(() => encodeURIComponent(description)).not.toThrow();
  });

  it("adds a 54-FZ receipt whose total is the payment (the fake checks it)", async () => {
    const request = checkout({
      receipt: { email: "buyer@example.com", phone: "+7 (900) 123-45-67", vatCode: 1 },
    });
    await adapter.createCheckout(request, `${request.orderId}:checkout`);
    const call = fake.callsTo("createPayment")[0];
    expect(call?.status).toBe(200);
    expect(call?.body).toMatchObject({
      receipt: {
        customer: { email: "buyer@example.com", phone: "79001234567" },
        items: [
          {
            description: "TypeScript course",
            quantity: 1,
            amount: { value: "123.45", currency: "RUB" },
            vat_code: 1,
            payment_subject: "service",
            payment_mode: "full_payment",
          },
        ],
      },
    });
  });

  it("refuses what YooKassa cannot do, without calling it", async () => {
    await expect(
      adapter.createCheckout(checkout({ receipt: { vatCode: 1 } }), "k1"),
    ).rejects.toThrow(/email or phone/);
    await expect(
      adapter.createCheckout(checkout({ subscription: { intervalDays: 30 } }), "k2"),
    ).rejects.toThrow(/recurring/);
    await expect(
      adapter.createCheckout(checkout({ expiresAt: new Date(Date.now() - 1) }), "k3"),
    ).rejects.toThrow(/expired/);
    expect(fake.calls).toHaveLength(0);
  });

  it("passes YooKassa's refusal through with its details", async () => {
    const err: unknown = await adapter
      .createCheckout(checkout({ successUrl: "ftp://nowhere" }), "bad-return")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(YookassaApiError);
    expect(err).toMatchObject({ status: 400, parameter: "confirmation.return_url" });
  });
});

describe("yookassaAdapter.getPayment maps YooKassa's statuses", () => {
  it("pending while the buyer has not paid", async () => {
    const request = checkout();
    const { providerPaymentId } = await adapter.createCheckout(request, `${request.orderId}:c`);
    expect(await adapter.getPayment(providerPaymentId)).toEqual({
      providerPaymentId,
      status: "pending",
      amountMinor: 12_345,
      currency: "RUB",
      orderId: request.orderId,
      chargeId: providerPaymentId,
    });
  });

  it("succeeded → paid", async () => {
    const { request, providerPaymentId } = await paidCheckout();
    expect(await adapter.getPayment(providerPaymentId)).toMatchObject({
      status: "paid",
      orderId: request.orderId,
    });
  });

  it("canceled for expired_on_confirmation → expired; any other reason → canceled, reason kept", async () => {
    const a = await adapter.createCheckout(checkout(), "exp");
    fake.cancel(a.providerPaymentId);
    expect(await adapter.getPayment(a.providerPaymentId)).toMatchObject({
      status: "expired",
      reason: "expired_on_confirmation (yoo_money)",
    });

    const b = await adapter.createCheckout(checkout(), "funds");
    fake.cancel(b.providerPaymentId, "insufficient_funds");
    expect(await adapter.getPayment(b.providerPaymentId)).toMatchObject({
      status: "canceled",
      reason: "insufficient_funds (payment_network)",
    });
  });

  it("refunded only when the refunded amount equals the amount; a partial refund stays paid", async () => {
    const { providerPaymentId } = await paidCheckout();
    const payment = { providerPaymentId, amountMinor: 2_345, currency: "RUB" as const };
    await adapter.refund(payment, "r1");
    expect((await adapter.getPayment(providerPaymentId)).status).toBe("paid");
    await adapter.refund({ ...payment, amountMinor: 10_000 }, "r2");
    expect((await adapter.getPayment(providerPaymentId)).status).toBe("refunded");
  });

  it("waiting_for_capture is still pending (held, not taken)", () => {
    const base: YookassaPayment = {
      id: "p1",
      status: "waiting_for_capture",
      paid: true,
      amount: { value: "10.00", currency: "RUB" },
      refundable: false,
      test: true,
      created_at: "2026-01-01T00:00:00.000Z",
    };
    expect(providerStatusOf(base)).toBe("pending");
    expect(providerStatusOf({ ...base, status: "succeeded" })).toBe("paid");
    expect(
      providerStatusOf({
        ...base,
        status: "succeeded",
        refunded_amount: { value: "10", currency: "RUB" },
      }),
    ).toBe("refunded");
    expect(
      providerStatusOf({
        ...base,
        status: "canceled",
        cancellation_details: { party: "merchant", reason: "canceled_by_merchant" },
      }),
    ).toBe("canceled");
  });
});

describe("yookassaAdapter.refund and testConnection", () => {
  it("refunds in minor units and reports YooKassa's refund", async () => {
    const { providerPaymentId } = await paidCheckout();
    const result = await adapter.refund(
      { providerPaymentId, amountMinor: 12_345, currency: "RUB" },
      "refund:all",
    );
    expect(result).toMatchObject({ amountMinor: 12_345, status: "succeeded" });
    expect(fake.refund(result.providerRefundId)).toMatchObject({
      payment_id: providerPaymentId,
      amount: { value: "123.45", currency: "RUB" },
    });
    // The same key again is the same refund, not a second one (which YooKassa would refuse).
    const again = await adapter.refund(
      { providerPaymentId, amountMinor: 12_345, currency: "RUB" },
      "refund:all",
    );
    expect(again.providerRefundId).toBe(result.providerRefundId);
  });

  it("a refund of an unpaid payment is refused by YooKassa", async () => {
    const { providerPaymentId } = await adapter.createCheckout(checkout(), "unpaid");
    await expect(
      adapter.refund({ providerPaymentId, amountMinor: 100, currency: "RUB" }, "refund:unpaid"),
    ).rejects.toMatchObject({ status: 400, parameter: "payment_id" });
  });

  it("test connection: ok with the shop, or a message that says why not", async () => {
    await expect(adapter.testConnection()).resolves.toEqual({
      ok: true,
      account: `${shop.shopId} (test shop)`,
    });
    const wrong = yookassaAdapter({ shopId: shop.shopId, secretKey: "test_nope" });
    const refused = await wrong.testConnection();
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/does not accept this shop ID and secret key/);

    const gone = await startFakeYookassa();
    await gone.close();
    const down = yookassaAdapter(shop, { apiUrl: gone.apiUrl, timeoutMs: 2_000 });
    const unreachable = await down.testConnection();
    expect(unreachable.ok).toBe(false);
    expect(!unreachable.ok && unreachable.message).toMatch(/could not be reached .*ECONNREFUSED/);
  });
});

describe("parseYookassaNotification", () => {
  let receiver: Server;
  let receiverUrl: string;
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push(Buffer.concat(chunks).toString("utf8"));
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    receiverUrl = `http://127.0.0.1:${address.port}/api/payments/yookassa`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("reads the payment id and event from what YooKassa sends", async () => {
    const { providerPaymentId } = await paidCheckout();
    await fake.notify(receiverUrl, "payment.succeeded", providerPaymentId);
    expect(parseYookassaNotification(received.at(-1) ?? "")).toEqual({
      ok: true,
      event: "payment.succeeded",
      paymentId: providerPaymentId,
    });

    const refund = await adapter.refund(
      { providerPaymentId, amountMinor: 100, currency: "RUB" },
      "n-refund",
    );
    await fake.notify(receiverUrl, "refund.succeeded", providerPaymentId);
    expect(parseYookassaNotification(received.at(-1) ?? "")).toEqual({
      ok: true,
      event: "refund.succeeded",
      paymentId: providerPaymentId,
      refundId: refund.providerRefundId,
    });
  });

  it("an event we do not handle is unsupported (answer 200), not malformed", () => {
    const body = JSON.stringify({
      type: "notification",
      event: "payout.succeeded",
      object: { id: "po-1" },
    });
    expect(parseYookassaNotification(body)).toMatchObject({
      ok: false,
      reason: "unsupported_event",
      event: "payout.succeeded",
    });
  });

  it("anything else is malformed", () => {
    for (const body of [
      "",
      "not json",
      "[]",
      JSON.stringify({ type: "notification", event: "payment.succeeded" }),
      JSON.stringify({ type: "notification", event: "payment.succeeded", object: { id: "" } }),
      JSON.stringify({ type: "event", event: "payment.succeeded", object: { id: "p" } }),
      JSON.stringify({ type: "notification", event: "refund.succeeded", object: { id: "r" } }),
      JSON.stringify({ type: "notification", event: "x", object: { id: 5 } }),
      " ".repeat(YOOKASSA_NOTIFICATION_MAX_BYTES + 1),
    ]) {
      expect(parseYookassaNotification(body), body.slice(0, 80)).toMatchObject({
        ok: false,
        reason: "malformed",
      });
    }
  });
});
