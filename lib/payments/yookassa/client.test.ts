import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import {
  startFakeYookassa,
  yookassaFailures,
  type FakeYookassa,
  type FakeYookassaShop,
} from "@/test/fakes/yookassa";
import {
  YookassaApiError,
  YookassaNetworkError,
  YookassaResponseError,
  yookassaClient,
  type YookassaClient,
} from "./client";
import type { CreatePaymentParams } from "./schemas";

let fake: FakeYookassa;
let shop: FakeYookassaShop;
let client: YookassaClient;
let previous: AppConfig;

beforeAll(async () => {
  fake = await startFakeYookassa();
  shop = fake.addShop();
  previous = config();
  // The client reads YOOKASSA_API_URL from the configuration, as in the app.
  setConfigForTests({ ...previous, YOOKASSA_API_URL: fake.apiUrl });
  client = yookassaClient(shop);
});
afterEach(() => fake.reset());
afterAll(async () => {
  setConfigForTests(previous);
  await fake.close();
});

const params = (over: Partial<CreatePaymentParams> = {}): CreatePaymentParams => ({
  amount: { value: "1234.50", currency: "RUB" },
  capture: true,
  confirmation: { type: "redirect", return_url: "https://shop.example/return/o1" },
  description: "Course: TypeScript",
  metadata: { order_id: "o1" },
  ...over,
});

/** The error a call rejects with, checked to be a `type`; fails the test if it resolves. */
async function failure<E extends Error>(
  call: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const err: unknown = await call.then(
    (v) => {
      throw new Error(`expected a failure, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
  if (!(err instanceof type)) throw new Error(`expected a ${type.name}, got ${String(err)}`);
  return err;
}

describe("yookassaClient against the fake", () => {
  it("creates a redirect payment with Basic auth and the caller's Idempotence-Key", async () => {
    const payment = await client.createPayment(params(), "order-o1-create");
    expect(payment).toMatchObject({
      status: "pending",
      paid: false,
      amount: { value: "1234.50", currency: "RUB" },
      metadata: { order_id: "o1" },
      refundable: false,
      test: true,
    });
    expect(payment.confirmation?.confirmation_url).toMatch(/^https:\/\//);
    const [call] = fake.callsTo("createPayment");
    expect(call).toMatchObject({
      shopId: shop.shopId,
      idempotenceKey: "order-o1-create",
      status: 200,
      body: { amount: { value: "1234.50", currency: "RUB" }, capture: true },
    });
  });

  it("one key twice is one payment: the second answer is the first one", async () => {
    const first = await client.createPayment(params({ metadata: { order_id: "o2" } }), "order-o2");
    const second = await client.createPayment(params({ metadata: { order_id: "o2" } }), "order-o2");
    expect(second.id).toBe(first.id);
    expect(fake.payments(shop.shopId).filter((p) => p.metadata?.order_id === "o2")).toHaveLength(1);
    expect(fake.callsTo("createPayment")).toHaveLength(2);
  });

  it("the same key with another body is refused, with every detail YooKassa gave", async () => {
    await client.createPayment(params({ metadata: { order_id: "o3" } }), "order-o3");
    const err = await failure(
      client.createPayment(
        params({ metadata: { order_id: "o3" }, amount: { value: "1.00", currency: "RUB" } }),
        "order-o3",
      ),
      YookassaApiError,
    );
    const apiError = err;
    expect(apiError.status).toBe(400);
    expect(apiError.code).toBe("invalid_request");
    expect(apiError.description).toBe("Idempotence key duplicated");
    expect(apiError.parameter).toBe("Idempotence-Key");
    expect(apiError.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(apiError.body).toMatchObject({ type: "error", code: "invalid_request" });
    expect(apiError.message).toContain("400 invalid_request: Idempotence key duplicated");
    expect(apiError.outcomeUnknown).toBe(false);
    expect(apiError.method).toBe("POST");
    expect(apiError.path).toBe("/payments");
  });

  it("keeps unknown fields of the error body instead of dropping them", async () => {
    const raw = yookassaClient(shop, {
      fetch: async () =>
        new Response(
          JSON.stringify({
            type: "error",
            id: "e1",
            code: "too_many_requests",
            description: "Slow down",
            retry_after: 1800,
          }),
          { status: 429 },
        ),
    });
    const err = await failure(raw.getMe(), YookassaApiError);
    expect(err.status).toBe(429);
    expect(err.body).toMatchObject({ code: "too_many_requests", retry_after: 1800 });
  });

  it("wrong credentials are a 401 invalid_credentials refusal", async () => {
    const wrong = yookassaClient({ shopId: shop.shopId, secretKey: "test_wrong" });
    const err = await failure(wrong.getMe(), YookassaApiError);
    expect(err).toMatchObject({
      status: 401,
      code: "invalid_credentials",
      parameter: "Authorization",
    });
    expect(fake.calls[0]?.shopId).toBeNull();
  });

  it("a 500 leaves the outcome unknown; repeating with the same key creates one payment", async () => {
    fake.failNext("createPayment", yookassaFailures.internal);
    const err = await failure(
      client.createPayment(params({ metadata: { order_id: "o4" } }), "order-o4"),
      YookassaApiError,
    );
    expect(err.code).toBe("internal_server_error");
    expect(err.outcomeUnknown).toBe(true);
    const payment = await client.createPayment(
      params({ metadata: { order_id: "o4" } }),
      "order-o4",
    );
    expect(fake.payments(shop.shopId).filter((p) => p.metadata?.order_id === "o4")).toEqual([
      expect.objectContaining({ id: payment.id }),
    ]);
  });

  it("times out as a network error, and the retry with the same key finds the payment made", async () => {
    const quick = yookassaClient(shop, { timeoutMs: 150 });
    fake.failNext("createPayment", { kind: "delay", ms: 1_000 });
    const err = await failure(
      quick.createPayment(params({ metadata: { order_id: "o5" } }), "order-o5"),
      YookassaNetworkError,
    );
    expect(err).not.toBeInstanceOf(YookassaApiError);
    expect(err).toMatchObject({ reason: "timeout", outcomeUnknown: true });
    // The request did take effect on YooKassa's side; the same key returns that payment.
    const made = fake.payments(shop.shopId).filter((p) => p.metadata?.order_id === "o5");
    expect(made).toHaveLength(1);
    const retried = await quick.createPayment(params({ metadata: { order_id: "o5" } }), "order-o5");
    expect(retried.id).toBe(made[0]?.id);
  });

  it("a dropped connection and a closed port are network errors, not refusals", async () => {
    fake.failNext("me", { kind: "drop" });
    const dropped = await failure(client.getMe(), YookassaNetworkError);
    expect(dropped).toMatchObject({ reason: "network" });

    const gone = await startFakeYookassa();
    await gone.close();
    const nowhere = yookassaClient(shop, { apiUrl: gone.apiUrl });
    const refused = await failure(nowhere.getMe(), YookassaNetworkError);
    expect(refused.reason).toBe("network");
    expect(refused.message).toContain("ECONNREFUSED");
  });

  it("an answer that is not the documented object is a response error with the text kept", async () => {
    const odd = yookassaClient(shop, {
      fetch: async () =>
        new Response(JSON.stringify({ id: "x", status: "weird" }), { status: 200 }),
    });
    const err = await failure(odd.getPayment("x"), YookassaResponseError);
    expect(err.text).toContain("weird");
    expect(err.issues?.map((i) => i.path.join("."))).toContain("status");

    const html = yookassaClient(shop, {
      fetch: async () => new Response("<html>502 Bad Gateway</html>", { status: 502 }),
    });
    const gateway = await failure(html.getMe(), YookassaApiError);
    expect(gateway.body).toBeUndefined();
    expect(gateway.code).toBe("http_502");
    expect(gateway.text).toContain("Bad Gateway");
    expect(gateway.outcomeUnknown).toBe(true);
  });

  it("refuses keys and descriptions YooKassa would refuse, before sending anything", async () => {
    await expect(client.createPayment(params(), "")).rejects.toThrow(RangeError);
    await expect(client.createPayment(params(), "k".repeat(65))).rejects.toThrow(RangeError);
    await expect(
      client.createPayment(params({ description: "d".repeat(129) }), "order-long"),
    ).rejects.toThrow(RangeError);
    expect(fake.calls).toHaveLength(0);
    await expect(client.createPayment(params(), "k".repeat(64))).resolves.toBeDefined();
  });

  it("reads a payment back; an unknown id is a 404 not_found", async () => {
    const created = await client.createPayment(
      params({ metadata: { order_id: "o6" } }),
      "order-o6",
    );
    fake.succeed(created.id);
    const read = await client.getPayment(created.id);
    expect(read).toMatchObject({
      id: created.id,
      status: "succeeded",
      paid: true,
      refundable: true,
    });
    expect(read.captured_at).toBeDefined();

    const err = await failure(client.getPayment("no-such-payment"), YookassaApiError);
    expect(err).toMatchObject({ status: 404, code: "not_found" });
  });

  it("refunds part, then the rest, and refuses more than is left", async () => {
    const created = await client.createPayment(
      params({ metadata: { order_id: "o7" } }),
      "order-o7",
    );
    fake.succeed(created.id);
    const part = await client.createRefund(
      { payment_id: created.id, amount: { value: "234.50", currency: "RUB" } },
      "refund-o7-1",
    );
    expect(part).toMatchObject({
      payment_id: created.id,
      status: "succeeded",
      amount: { value: "234.50" },
    });
    expect(await client.getRefund(part.id)).toEqual(part);

    const over = await failure(
      client.createRefund(
        { payment_id: created.id, amount: { value: "1000.01", currency: "RUB" } },
        "refund-o7-2",
      ),
      YookassaApiError,
    );
    expect(over).toMatchObject({ status: 400, code: "invalid_request", parameter: "amount.value" });

    await client.createRefund(
      { payment_id: created.id, amount: { value: "1000.00", currency: "RUB" } },
      "refund-o7-3",
    );
    const after = await client.getPayment(created.id);
    expect(after.refunded_amount).toEqual({ value: "1234.50", currency: "RUB" });
    expect(after.refundable).toBe(false);
  });

  it("GET /me names the shop", async () => {
    await expect(client.getMe()).resolves.toMatchObject({
      account_id: shop.shopId,
      status: "enabled",
      test: true,
    });
  });
});
