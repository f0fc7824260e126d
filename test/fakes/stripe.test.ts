import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import {
  parseStripeForm,
  startFakeStripe,
  stripeFailures,
  type FakeStripe,
  type FakeStripeAccount,
} from "./stripe";

let fake: FakeStripe;
let account: FakeStripeAccount;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  account = fake.addAccount({ displayName: "Fake Shop" });
  const { port } = new URL(fake.apiBase);
  stripe = new Stripe(account.secretKey, {
    host: "127.0.0.1",
    port: Number(port),
    protocol: "http",
    maxNetworkRetries: 0,
  });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** A raw request, for what the SDK would never send. */
async function raw(
  method: string,
  path: string,
  opts: { body?: string; key?: string | null; headers?: Record<string, string> } = {},
) {
  const key = opts.key === undefined ? account.secretKey : opts.key;
  const res = await fetch(`${fake.apiBase}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown>,
  };
}

const SESSION_FORM = [
  "mode=payment",
  "line_items[0][quantity]=1",
  "line_items[0][price_data][currency]=usd",
  "line_items[0][price_data][unit_amount]=1500",
  "line_items[0][price_data][product_data][name]=Guide",
  "metadata[order_id]=o-raw",
  "success_url=https%3A%2F%2Fshop.example%2Fok",
].join("&");

function sessionParams(orderId: string): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    line_items: [
      {
        quantity: 1,
        price_data: { currency: "usd", unit_amount: 1500, product_data: { name: "Guide" } },
      },
    ],
    metadata: { order_id: orderId },
    payment_intent_data: { metadata: { order_id: orderId } },
    success_url: "https://shop.example/ok",
    cancel_url: "https://shop.example/cancel",
  };
}

describe("parseStripeForm", () => {
  it("turns bracket notation back into objects and arrays", () => {
    expect(
      parseStripeForm(
        "mode=payment&metadata[order_id]=o1&line_items[0][price_data][unit_amount]=5&line_items[1][quantity]=2&expand[]=a&expand[]=b.c",
      ),
    ).toEqual({
      mode: "payment",
      metadata: { order_id: "o1" },
      line_items: [{ price_data: { unit_amount: "5" } }, { quantity: "2" }],
      expand: ["a", "b.c"],
    });
    expect(parseStripeForm("expand%5B0%5D=x&name=a%20b")).toEqual({ expand: ["x"], name: "a b" });
  });
});

describe("authentication", () => {
  it("answers 401 with Stripe's error body without a key or with an unknown one", async () => {
    const none = await raw("GET", "/v1/account", { key: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error: {
        type: "invalid_request_error",
        message: expect.stringMatching(/^You did not provide an API key/),
      },
    });
    const wrong = await raw("GET", "/v1/account", { key: "sk_test_abcdefgh1234" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({
      type: "invalid_request_error",
      code: "api_key_invalid",
      message: "Invalid API Key provided: sk_test_********1234",
    });
    await expect(
      new Stripe("sk_test_nope", {
        host: "127.0.0.1",
        port: Number(new URL(fake.apiBase).port),
        protocol: "http",
      }).balance.retrieve(),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it("accepts Basic auth with the key as the user, as curl -u sends it", async () => {
    const basic = Buffer.from(`${account.secretKey}:`).toString("base64");
    const res = await raw("GET", "/v1/account", {
      key: null,
      headers: { authorization: `Basic ${basic}` },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: account.id, object: "account" });
  });

  it("keeps each account's objects to itself", async () => {
    const session = await stripe.checkout.sessions.create(sessionParams("o-private"));
    const other = fake.addAccount();
    const res = await raw("GET", `/v1/checkout/sessions/${session.id}`, { key: other.secretKey });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      type: "invalid_request_error",
      code: "resource_missing",
      doc_url: "https://stripe.com/docs/error-codes/resource-missing",
      message: `No such checkout.session: '${session.id}'`,
      param: "session",
    });
  });
});

describe("Checkout Sessions", () => {
  it("creates a session with Stripe's shape and answers it back with expansions", async () => {
    const session = await stripe.checkout.sessions.create(sessionParams("o-shape"), {
      idempotencyKey: "shape-1",
    });
    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: 1500,
      currency: "usd",
      metadata: { order_id: "o-shape" },
      payment_intent: null,
      livemode: false,
      url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/),
    });
    expect(session.expires_at - session.created).toBe(24 * 3600);
    expect(session.line_items).toBeUndefined();
    const [call] = fake.callsTo("POST", "/v1/checkout/sessions");
    expect(call).toMatchObject({ idempotencyKey: "shape-1", status: 200, replayed: false });
    expect(call?.stripeVersion).toBe(Stripe.API_VERSION);

    const withItems = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["line_items"],
    });
    expect(withItems.line_items?.data).toMatchObject([
      {
        object: "item",
        quantity: 1,
        amount_total: 1500,
        price: { unit_amount: 1500, type: "one_time" },
      },
    ]);
  });

  it("refuses unknown parameters, missing ones, recurring prices in payment mode and deadlines outside 30 min–24 h", async () => {
    const unknown = await raw("POST", "/v1/checkout/sessions", {
      body: `${SESSION_FORM}&colour=red`,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      message: "Received unknown parameter: colour",
      param: "colour",
    });

    const nested = await raw("POST", "/v1/checkout/sessions", {
      body: `${SESSION_FORM}&line_items[0][price_data][amount]=5`,
    });
    expect(nested.body.error).toMatchObject({
      message: "Received unknown parameter: line_items[0][price_data][amount]",
    });

    const noMode = await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM.replace("mode=payment&", ""),
    });
    expect(noMode.body.error).toEqual({
      type: "invalid_request_error",
      code: "parameter_missing",
      message: "Missing required param: mode.",
      param: "mode",
    });

    const recurring = await raw("POST", "/v1/checkout/sessions", {
      body: `${SESSION_FORM}&line_items[0][price_data][recurring][interval]=month`,
    });
    expect(recurring.body.error).toMatchObject({
      message: expect.stringMatching(/recurring price/),
    });

    const tooSoon = Math.floor(Date.now() / 1000) + 10 * 60;
    const soon = await raw("POST", "/v1/checkout/sessions", {
      body: `${SESSION_FORM}&expires_at=${tooSoon}`,
    });
    expect(soon.body.error).toMatchObject({
      param: "expires_at",
      message: expect.stringMatching(/30 minutes/),
    });
    const tooLate = Math.floor(Date.now() / 1000) + 25 * 3600;
    const late = await raw("POST", "/v1/checkout/sessions", {
      body: `${SESSION_FORM}&expires_at=${tooLate}`,
    });
    expect(late.body.error).toMatchObject({
      param: "expires_at",
      message: expect.stringMatching(/24 hours/),
    });

    const mixed = await raw("POST", "/v1/checkout/sessions", {
      body: `${SESSION_FORM}&subscription_data[metadata][order_id]=x`,
    });
    expect(mixed.body.error).toMatchObject({ param: "subscription_data" });
    expect(fake.sessions.size).toBeGreaterThan(0);
    expect([...fake.sessions.values()].some((s) => s.metadata.order_id === "o-raw")).toBe(false);
  });

  it("expires an open session through the API and refuses to expire it twice", async () => {
    const session = await stripe.checkout.sessions.create(sessionParams("o-expire"));
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/status of "expired"/),
    });
  });
});

describe("idempotency", () => {
  it("replays the first answer for the same key and parameters", async () => {
    const first = await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM,
      headers: { "idempotency-key": "idem-1" },
    });
    const again = await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM,
      headers: { "idempotency-key": "idem-1" },
    });
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect([...fake.sessions.values()].filter((s) => s.metadata.order_id === "o-raw")).toHaveLength(
      1,
    );
  });

  it("refuses the key with other parameters or on another endpoint", async () => {
    await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM,
      headers: { "idempotency-key": "idem-2" },
    });
    const changed = await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM.replace("1500", "1600"),
      headers: { "idempotency-key": "idem-2" },
    });
    expect(changed.status).toBe(400);
    expect(changed.body.error).toEqual({
      type: "idempotency_error",
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'idem-2' if you meant to execute a different request.",
    });
    const elsewhere = await raw("POST", "/v1/refunds", {
      body: "payment_intent=pi_x",
      headers: { "idempotency-key": "idem-2" },
    });
    expect(elsewhere.body.error).toMatchObject({ type: "idempotency_error" });
    await expect(
      stripe.checkout.sessions.create(sessionParams("o-other"), { idempotencyKey: "idem-2" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("does not save a request that failed validation, so the corrected one may reuse the key", async () => {
    const bad = await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM.replace("mode=payment&", ""),
      headers: { "idempotency-key": "idem-3" },
    });
    expect(bad.status).toBe(400);
    const good = await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM,
      headers: { "idempotency-key": "idem-3" },
    });
    expect(good.status).toBe(200);
  });

  it("keys are per account", async () => {
    const other = fake.addAccount();
    const mine = await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM,
      headers: { "idempotency-key": "idem-4" },
    });
    const theirs = await raw("POST", "/v1/checkout/sessions", {
      body: SESSION_FORM,
      key: other.secretKey,
      headers: { "idempotency-key": "idem-4" },
    });
    expect(theirs.status).toBe(200);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });
});

describe("completing, refunding and subscriptions", () => {
  it("completing a payment-mode session makes a payment intent and charge carrying the intent's metadata", async () => {
    const session = await stripe.checkout.sessions.create(sessionParams("o-pay"));
    const { object, events } = fake.completeSession(session.id);
    expect(object).toMatchObject({ status: "complete", payment_status: "paid", url: null });
    expect(events.map((e) => e.type)).toEqual([
      "payment_intent.succeeded",
      "charge.succeeded",
      "checkout.session.completed",
    ]);
    const retrieved = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.latest_charge"],
    });
    const intent = retrieved.payment_intent;
    if (typeof intent !== "object" || intent === null) throw new Error("not expanded");
    expect(intent).toMatchObject({
      id: expect.stringMatching(/^pi_[A-Za-z0-9]{24}$/),
      status: "succeeded",
      amount: 1500,
      metadata: { order_id: "o-pay" },
      latest_charge: {
        id: expect.stringMatching(/^ch_[A-Za-z0-9]{24}$/),
        object: "charge",
        paid: true,
        refunded: false,
        metadata: { order_id: "o-pay" },
      },
    });
    expect(() => fake.completeSession(session.id)).toThrow(/not open/);
  });

  it("refunds through the API and the Dashboard, with Stripe's refusals", async () => {
    const session = await stripe.checkout.sessions.create(sessionParams("o-refund"));
    const { object } = fake.completeSession(session.id);
    const intent = String(object.payment_intent);
    const refund = await stripe.refunds.create({ payment_intent: intent, amount: 500 });
    expect(refund).toMatchObject({
      id: expect.stringMatching(/^re_/),
      object: "refund",
      amount: 500,
      status: "succeeded",
      payment_intent: intent,
    });
    expect(fake.events.at(-1)).toMatchObject({
      type: "charge.refunded",
      data: {
        object: { amount_refunded: 500, refunded: false },
        previous_attributes: { amount_refunded: 0 },
      },
    });
    await expect(
      stripe.refunds.create({ payment_intent: intent, amount: 5000 }),
    ).rejects.toMatchObject({
      code: "amount_too_large",
      param: "amount",
    });
    const dashboard = fake.refundFromDashboard(intent);
    expect(dashboard.object).toMatchObject({ amount: 1000, reason: "requested_by_customer" });
    await expect(stripe.refunds.create({ payment_intent: intent })).rejects.toMatchObject({
      code: "charge_already_refunded",
    });
    const charge = await stripe.charges.retrieve(String(refund.charge), { expand: ["refunds"] });
    expect(charge).toMatchObject({ amount_refunded: 1500, refunded: true });
    expect(charge.refunds?.data.map((r) => r.amount)).toEqual([500, 1000]);
    await expect(stripe.refunds.create({ payment_intent: "pi_missing" })).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
  });

  it("completing a subscription-mode session makes a customer, subscription, paid invoice and its payment", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: "eur",
            unit_amount: 900,
            product_data: { name: "Club" },
            recurring: { interval: "day", interval_count: 7 },
          },
        },
      ],
      metadata: { order_id: "o-club" },
      subscription_data: { metadata: { order_id: "o-club" } },
      success_url: "https://shop.example/ok",
    });
    const { object, events } = fake.completeSession(session.id);
    expect(object).toMatchObject({
      payment_status: "paid",
      payment_intent: null,
      subscription: expect.stringMatching(/^sub_/),
      invoice: expect.stringMatching(/^in_/),
      customer: expect.stringMatching(/^cus_/),
    });
    expect(events.map((e) => e.type)).toContain("invoice.paid");
    const subscription = await stripe.subscriptions.retrieve(String(object.subscription));
    expect(subscription).toMatchObject({
      status: "active",
      metadata: { order_id: "o-club" },
      items: { data: [{ price: { recurring: { interval: "day", interval_count: 7 } } }] },
    });
    const item = subscription.items.data[0];
    expect((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)).toBe(7 * 86400);
    const invoice = await stripe.invoices.retrieve(String(object.invoice));
    expect(invoice).toMatchObject({
      status: "paid",
      amount_paid: 900,
      billing_reason: "subscription_create",
      parent: {
        subscription_details: {
          subscription: object.subscription,
          metadata: { order_id: "o-club" },
        },
      },
    });
    const payments = await stripe.invoicePayments.list({ invoice: String(object.invoice) });
    expect(payments.data).toMatchObject([
      {
        object: "invoice_payment",
        status: "paid",
        payment: { type: "payment_intent", payment_intent: expect.stringMatching(/^pi_/) },
      },
    ]);

    const renewal = fake.renewSubscription(String(object.subscription));
    expect(renewal.object).toMatchObject({
      billing_reason: "subscription_cycle",
      amount_paid: 900,
    });
    const canceled = fake.cancelSubscription(String(object.subscription));
    expect(canceled.object).toMatchObject({ status: "canceled", ended_at: expect.any(Number) });
    expect(canceled.events.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
  });
});

describe("failures and webhooks", () => {
  it("failNext answers the next call with Stripe's error, then recovers", async () => {
    fake.failNext("GET", "/v1/balance", stripeFailures.rateLimited);
    await expect(stripe.balance.retrieve()).rejects.toBeInstanceOf(
      Stripe.errors.StripeRateLimitError,
    );
    await expect(stripe.balance.retrieve()).resolves.toMatchObject({ object: "balance" });
    expect(fake.callsTo("GET", "/v1/balance").map((c) => c.status)).toEqual([429, 200]);
  });

  it("answers an unknown route with Stripe's 404", async () => {
    const res = await raw("GET", "/v1/nothing_here");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      message: expect.stringMatching(/^Unrecognized request URL \(GET: \/v1\/nothing_here\)/),
    });
  });

  it("sendEvent POSTs an Event signed for the owning account", async () => {
    const session = await stripe.checkout.sessions.create(sessionParams("o-hook"));
    const received: { body: string; signature: string | null }[] = [];
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        const sig = req.headers["stripe-signature"];
        received.push({ body, signature: typeof sig === "string" ? sig : null });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("no port");
      const url = `http://127.0.0.1:${address.port}/hook`;
      const { event, response } = await fake.sendEvent(url, "checkout.session.expired", {
        ...fake.get(session.id),
        status: "expired",
      });
      expect(response.status).toBe(204);
      expect(event).toMatchObject({
        id: expect.stringMatching(/^evt_[A-Za-z0-9]{24}$/),
        object: "event",
        type: "checkout.session.expired",
        api_version: Stripe.API_VERSION,
        livemode: false,
        data: { object: { id: session.id, status: "expired" } },
      });
      const [delivery] = received;
      if (!delivery?.signature) throw new Error("no signature");
      const verified = Stripe.webhooks.constructEvent(
        delivery.body,
        delivery.signature,
        account.webhookSecret,
      );
      expect(verified.id).toBe(event.id);
      expect(() =>
        Stripe.webhooks.constructEvent(delivery.body, delivery.signature ?? "", "whsec_other"),
      ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("generates keys of Stripe's shape", () => {
    expect(account.secretKey).toMatch(/^sk_test_[A-Za-z0-9]{99}$/);
    expect(account.webhookSecret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(account.id).toMatch(/^acct_[A-Za-z0-9]{16}$/);
  });
});
