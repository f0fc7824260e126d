import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { config, setConfigForTests } from "@/lib/config/env";
import { startFakeStripe, stripeFailures, type FakeStripe } from "@/test/fakes/stripe";
import {
  checkoutExpiresAt,
  isRetryableStripeError,
  stripeAdapter,
  stripeRecurring,
} from "./stripe";
import type { CheckoutRequest, PaymentAdapter } from "./types";

let fake: FakeStripe;
let adapter: PaymentAdapter;
let secretKey: string;

beforeAll(async () => {
  fake = await startFakeStripe();
  const account = fake.addAccount({ displayName: "Book Shop" });
  secretKey = account.secretKey;
  adapter = stripeAdapter({ secretKey, apiBase: fake.apiBase });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

let orderSeq = 0;
function checkout(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  orderSeq += 1;
  return {
    orderId: `order-${orderSeq}`,
    title: "Ebook: Cooking with Go",
    description: "PDF and EPUB",
    amountMinor: 1990,
    currency: "USD",
    successUrl: "https://shop.example/pay/done?o=1",
    cancelUrl: "https://shop.example/pay/cancel?o=1",
    expiresAt: new Date(Date.now() + 2 * 3600 * 1000),
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => err,
  );
}

describe("createCheckout", () => {
  it("creates a payment-mode session with price_data, urls, deadline and order_id everywhere", async () => {
    const request = checkout();
    const result = await adapter.createCheckout(request, "checkout:order-a");
    expect(result.providerPaymentId).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(result.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);

    const [call] = fake.callsTo("POST", "/v1/checkout/sessions");
    expect(call?.idempotencyKey).toBe("checkout:order-a");
    expect(call?.apiKey).toBe(secretKey);
    expect(call?.params).toEqual({
      mode: "payment",
      line_items: [
        {
          quantity: "1",
          price_data: {
            currency: "usd",
            unit_amount: "1990",
            product_data: { name: "Ebook: Cooking with Go", description: "PDF and EPUB" },
          },
        },
      ],
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      client_reference_id: request.orderId,
      metadata: { order_id: request.orderId },
      payment_intent_data: { metadata: { order_id: request.orderId } },
      expires_at: String(Math.floor(request.expiresAt.getTime() / 1000)),
    });
    const session = fake.sessions.get(result.providerPaymentId);
    expect(session).toMatchObject({
      status: "open",
      payment_status: "unpaid",
      amount_total: 1990,
      currency: "usd",
    });
  });

  it("replays the same session for the same Idempotency-Key and refuses the key with other parameters", async () => {
    const request = checkout();
    const first = await adapter.createCheckout(request, "checkout:replay");
    const again = await adapter.createCheckout(request, "checkout:replay");
    expect(again).toEqual(first);
    const calls = fake.callsTo("POST", "/v1/checkout/sessions");
    expect(calls.map((c) => c.replayed)).toEqual([false, true]);
    expect(
      [...fake.sessions.values()].filter((s) => s.client_reference_id === request.orderId),
    ).toHaveLength(1);

    const err = await rejection(
      adapter.createCheckout({ ...request, amountMinor: 2990 }, "checkout:replay"),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(isRetryableStripeError(err)).toBe(false);
  });

  it("sends zero-decimal amounts unchanged and refuses what Stripe cannot take", async () => {
    await adapter.createCheckout(checkout({ amountMinor: 500, currency: "JPY" }), "k-jpy");
    const [call] = fake.callsTo("POST", "/v1/checkout/sessions");
    expect(call?.params).toMatchObject({
      line_items: [{ price_data: { currency: "jpy", unit_amount: "500" } }],
    });
    await expect(adapter.createCheckout(checkout({ currency: "XTR" }), "k-xtr")).rejects.toThrow(
      /Telegram Stars/,
    );
    await expect(
      adapter.createCheckout(checkout({ currency: "KWD", amountMinor: 1235 }), "k-kwd"),
    ).rejects.toThrow(/last digit of 0/);
    await expect(
      adapter.createCheckout(checkout({ expiresAt: new Date(Date.now() - 1000) }), "k-past"),
    ).rejects.toThrow(/already passed/);
    // Nothing reached Stripe for the refused ones.
    expect(fake.callsTo("POST", "/v1/checkout/sessions")).toHaveLength(1);
  });

  it("leaves expires_at out for a deadline beyond 24 hours and raises a short one to Stripe's minimum", async () => {
    await adapter.createCheckout(
      checkout({ expiresAt: new Date(Date.now() + 3 * 24 * 3600 * 1000) }),
      "k-long",
    );
    await adapter.createCheckout(
      checkout({ expiresAt: new Date(Date.now() + 60 * 1000) }),
      "k-short",
    );
    const [long, short] = fake.callsTo("POST", "/v1/checkout/sessions");
    expect(long?.status).toBe(200);
    expect(long?.params.expires_at).toBeUndefined();
    expect(short?.status).toBe(200);
    const expiresAt = Number(short?.params.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 60);
    expect(expiresAt % 600).toBe(0);
  });

  it("creates a subscription-mode session with a recurring price and order_id on the subscription", async () => {
    const monthly = checkout({ subscription: { intervalDays: 30 } });
    await adapter.createCheckout(monthly, "k-sub-30");
    await adapter.createCheckout(checkout({ subscription: { intervalDays: 7 } }), "k-sub-7");
    const [first, second] = fake.callsTo("POST", "/v1/checkout/sessions");
    expect(first?.params).toMatchObject({
      mode: "subscription",
      line_items: [{ price_data: { recurring: { interval: "month", interval_count: "1" } } }],
      subscription_data: { metadata: { order_id: monthly.orderId } },
      metadata: { order_id: monthly.orderId },
    });
    expect(first?.params.payment_intent_data).toBeUndefined();
    expect(second?.params).toMatchObject({
      line_items: [{ price_data: { recurring: { interval: "day", interval_count: "7" } } }],
    });
  });

  it("surfaces Stripe's 5xx as a retryable error after one attempt", async () => {
    fake.failNext("POST", "/v1/checkout/sessions", stripeFailures.apiError);
    const err = await rejection(adapter.createCheckout(checkout(), "k-500"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(isRetryableStripeError(err)).toBe(true);
    expect(fake.callsTo("POST", "/v1/checkout/sessions")).toHaveLength(1);
    // Our retry with the same key then goes through.
    await expect(adapter.createCheckout(checkout(), "k-500-retry")).resolves.toMatchObject({
      providerPaymentId: expect.stringMatching(/^cs_test_/),
    });
  });
});

describe("getPayment", () => {
  it("maps open → pending, complete → paid, partial refund → paid, full refund → refunded", async () => {
    const request = checkout({ amountMinor: 5000 });
    const { providerPaymentId } = await adapter.createCheckout(request, "k-status");
    await expect(adapter.getPayment(providerPaymentId)).resolves.toEqual({
      providerPaymentId,
      status: "pending",
      amountMinor: 5000,
      currency: "USD",
      orderId: request.orderId,
    });

    const { object: session } = fake.completeSession(providerPaymentId);
    const intentId = String(session.payment_intent);
    expect(intentId).toMatch(/^pi_[A-Za-z0-9]{24}$/);
    await expect(adapter.getPayment(providerPaymentId)).resolves.toEqual({
      providerPaymentId,
      status: "paid",
      amountMinor: 5000,
      currency: "USD",
      orderId: request.orderId,
      chargeId: intentId,
    });
    const [retrieve] = fake.callsTo("GET", `/v1/checkout/sessions/${providerPaymentId}`);
    expect(retrieve?.params).toEqual({ expand: ["payment_intent.latest_charge"] });

    fake.refundFromDashboard(intentId, { amount: 1000 });
    expect((await adapter.getPayment(providerPaymentId)).status).toBe("paid");
    fake.refundFromDashboard(intentId);
    expect((await adapter.getPayment(providerPaymentId)).status).toBe("refunded");
  });

  it("maps an expired session to expired", async () => {
    const { providerPaymentId } = await adapter.createCheckout(checkout(), "k-expire");
    fake.expireSession(providerPaymentId);
    expect(await adapter.getPayment(providerPaymentId)).toMatchObject({
      status: "expired",
      orderId: expect.stringMatching(/^order-/),
    });
  });

  it("keeps a delayed payment pending until it settles, then failed or paid", async () => {
    const failing = await adapter.createCheckout(checkout(), "k-async-fail");
    fake.completeSession(failing.providerPaymentId, { async: true });
    expect((await adapter.getPayment(failing.providerPaymentId)).status).toBe("pending");
    fake.failAsyncPayment(failing.providerPaymentId);
    expect(await adapter.getPayment(failing.providerPaymentId)).toMatchObject({
      status: "failed",
      reason: "The payment failed.",
    });

    const succeeding = await adapter.createCheckout(checkout(), "k-async-ok");
    fake.completeSession(succeeding.providerPaymentId, { async: true });
    fake.succeedAsyncPayment(succeeding.providerPaymentId);
    expect((await adapter.getPayment(succeeding.providerPaymentId)).status).toBe("paid");
  });

  it("reports a paid subscription with its subscription id and the first invoice's payment intent", async () => {
    const request = checkout({ subscription: { intervalDays: 30 }, amountMinor: 990 });
    const { providerPaymentId } = await adapter.createCheckout(request, "k-sub-status");
    const { object: session } = fake.completeSession(providerPaymentId);
    expect(session.payment_intent).toBeNull();
    const payment = await adapter.getPayment(providerPaymentId);
    expect(payment).toMatchObject({
      status: "paid",
      amountMinor: 990,
      orderId: request.orderId,
      subscriptionId: session.subscription,
      chargeId: expect.stringMatching(/^pi_/),
    });
    expect(fake.get(String(session.subscription))).toMatchObject({
      status: "active",
      metadata: { order_id: request.orderId },
    });
    // The refund of a subscription's first payment goes to that payment intent.
    const refund = await adapter.refund(
      { providerPaymentId, amountMinor: 990, currency: "USD" },
      "refund:sub",
    );
    expect(refund).toMatchObject({ amountMinor: 990, status: "succeeded" });
    expect((await adapter.getPayment(providerPaymentId)).status).toBe("refunded");
  });

  it("answers Stripe's resource_missing for an unknown session", async () => {
    const err = await rejection(adapter.getPayment("cs_test_nope"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});

describe("refund", () => {
  it("refunds by payment intent with the idempotency key, once however often it is retried", async () => {
    const { providerPaymentId } = await adapter.createCheckout(
      checkout({ amountMinor: 3000 }),
      "k-refund",
    );
    const { object: session } = fake.completeSession(providerPaymentId);
    const target = {
      providerPaymentId,
      chargeId: String(session.payment_intent),
      amountMinor: 1200,
      currency: "USD" as const,
    };
    const first = await adapter.refund(target, "refund:r1");
    expect(first).toEqual({
      providerRefundId: expect.stringMatching(/^re_[A-Za-z0-9]{24}$/),
      amountMinor: 1200,
      status: "succeeded",
    });
    const [call] = fake.callsTo("POST", "/v1/refunds");
    expect(call?.params).toEqual({ payment_intent: target.chargeId, amount: "1200" });
    expect(call?.idempotencyKey).toBe("refund:r1");

    await expect(adapter.refund(target, "refund:r1")).resolves.toEqual(first);
    const intent = fake.get(target.chargeId);
    expect(fake.get(String(intent?.latest_charge))).toMatchObject({
      amount_refunded: 1200,
      refunded: false,
    });
  });

  it("finds the payment intent from the session when no charge id is known, and refuses a second full refund", async () => {
    const { providerPaymentId } = await adapter.createCheckout(checkout(), "k-refund-2");
    fake.completeSession(providerPaymentId);
    await adapter.refund({ providerPaymentId, amountMinor: 1990, currency: "USD" }, "refund:r2");
    expect((await adapter.getPayment(providerPaymentId)).status).toBe("refunded");
    const err = await rejection(
      adapter.refund({ providerPaymentId, amountMinor: 1990, currency: "USD" }, "refund:r3"),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ code: "charge_already_refunded" });
  });

  it("refuses to refund a session nobody paid", async () => {
    const { providerPaymentId } = await adapter.createCheckout(checkout(), "k-refund-open");
    await expect(
      adapter.refund({ providerPaymentId, amountMinor: 1990, currency: "USD" }, "refund:r4"),
    ).rejects.toThrow(/no payment to refund/);
  });
});

describe("testConnection", () => {
  it("names the account for a working key", async () => {
    const result = await adapter.testConnection();
    expect(result).toEqual({ ok: true, account: expect.stringMatching(/^Book Shop \(acct_/) });
    expect(fake.callsTo("GET", "/v1/account")).toHaveLength(1);
  });

  it("says why a key is refused", async () => {
    const bad = stripeAdapter({ secretKey: "sk_test_unknown0000wxyz", apiBase: fake.apiBase });
    const result = await bad.testConnection();
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/Invalid API Key provided: sk_test_\*+wxyz/),
    });
  });

  it("falls back to the balance for a restricted key that cannot read the account", async () => {
    fake.failNext("GET", "/v1/account", stripeFailures.permission);
    await expect(adapter.testConnection()).resolves.toEqual({
      ok: true,
      account: "restricted key",
    });
    expect(fake.callsTo("GET", "/v1/balance")).toHaveLength(1);
  });
});

describe("the client", () => {
  it("follows STRIPE_API_BASE from the configuration", async () => {
    const previous = config();
    setConfigForTests({ ...previous, STRIPE_API_BASE: fake.apiBase });
    try {
      const configured = stripeAdapter({ secretKey });
      await expect(configured.testConnection()).resolves.toMatchObject({ ok: true });
    } finally {
      setConfigForTests(previous);
    }
  });
});

describe("checkoutExpiresAt", () => {
  const now = new Date("2030-01-01T12:00:00Z");
  const s = (d: Date) => Math.floor(d.getTime() / 1000);
  const plus = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

  it("keeps a deadline inside Stripe's window", () => {
    expect(checkoutExpiresAt(plus(120), now)).toBe(s(plus(120)));
    expect(checkoutExpiresAt(plus(35), now)).toBe(s(plus(35)));
  });

  it("leaves a deadline beyond 24 hours to Stripe's default (24 hours)", () => {
    expect(checkoutExpiresAt(plus(24 * 60 + 1), now)).toBeUndefined();
    expect(checkoutExpiresAt(plus(24 * 60 - 2), now)).toBeUndefined();
  });

  it("raises a short deadline to at least 30 minutes, rounded so retries agree", () => {
    const first = checkoutExpiresAt(plus(5), now);
    const retry = checkoutExpiresAt(plus(5), new Date(now.getTime() + 60_000));
    expect(first).toBeGreaterThanOrEqual(s(plus(35)));
    expect(first).toBeLessThanOrEqual(s(plus(45)));
    expect(first! % 600).toBe(0);
    expect(retry).toBe(first);
  });

  it("refuses a deadline that has passed", () => {
    expect(() => checkoutExpiresAt(plus(-1), now)).toThrow(RangeError);
  });
});

describe("stripeRecurring", () => {
  it("bills 30 days as a calendar month and anything else as N days", () => {
    expect(stripeRecurring(30)).toEqual({ interval: "month", interval_count: 1 });
    expect(stripeRecurring(7)).toEqual({ interval: "day", interval_count: 7 });
    expect(stripeRecurring(365)).toEqual({ interval: "day", interval_count: 365 });
  });

  it("refuses periods Stripe cannot bill", () => {
    expect(() => stripeRecurring(0)).toThrow(RangeError);
    expect(() => stripeRecurring(1096)).toThrow(RangeError);
    expect(() => stripeRecurring(1.5)).toThrow(RangeError);
  });
});
