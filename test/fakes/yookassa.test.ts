import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startFakeYookassa,
  yookassaFailures,
  type FakeYookassa,
  type FakeYookassaShop,
} from "./yookassa";

let fake: FakeYookassa;
let shop: FakeYookassaShop;

beforeAll(async () => {
  fake = await startFakeYookassa();
  shop = fake.addShop({ shopId: "506751" });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const basic = (s: Pick<FakeYookassaShop, "shopId" | "secretKey">) =>
  `Basic ${Buffer.from(`${s.shopId}:${s.secretKey}`).toString("base64")}`;

/** A raw call, as YooKassa's own docs show them with curl. */
async function raw(
  method: string,
  path: string,
  opts: { body?: unknown; key?: string; auth?: string | null; type?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.auth !== null) headers.authorization = opts.auth ?? basic(shop);
  if (opts.key !== undefined) headers["idempotence-key"] = opts.key;
  if (opts.body !== undefined) headers["content-type"] = opts.type ?? "application/json";
  const res = await fetch(`${fake.apiUrl}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const json: unknown = await res.json();
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new Error("not an object");
  return { status: res.status, body: Object.fromEntries(Object.entries(json)) };
}

const paymentBody = (orderId: string, value = "100.00") => ({
  amount: { value, currency: "RUB" },
  capture: true,
  confirmation: { type: "redirect", return_url: "https://shop.example/back" },
  description: `Order ${orderId}`,
  metadata: { order_id: orderId },
});

async function createPaid(orderId: string, value = "100.00"): Promise<string> {
  const { body } = await raw("POST", "/payments", {
    body: paymentBody(orderId, value),
    key: orderId,
  });
  const id = String(body.id);
  fake.succeed(id);
  return id;
}

describe("fake YooKassa: the wire format", () => {
  it("answers 401 invalid_credentials in YooKassa's error body without or with wrong Basic auth", async () => {
    for (const auth of [
      null,
      basic({ shopId: shop.shopId, secretKey: "test_wrong" }),
      "Bearer x",
    ]) {
      const res = await raw("GET", "/me", { auth });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        type: "error",
        code: "invalid_credentials",
        parameter: "Authorization",
      });
      expect(res.body.id).toEqual(expect.any(String));
    }
    expect(fake.calls.every((c) => c.shopId === null && c.status === 401)).toBe(true);
  });

  it("requires the Idempotence-Key on POST, and JSON", async () => {
    const missing = await raw("POST", "/payments", { body: paymentBody("k0") });
    expect(missing).toMatchObject({
      status: 400,
      body: { code: "invalid_request", parameter: "Idempotence-Key" },
    });
    const long = await raw("POST", "/payments", { body: paymentBody("k0"), key: "k".repeat(65) });
    expect(long.status).toBe(400);
    const form = await raw("POST", "/payments", {
      body: paymentBody("k0"),
      key: "k0",
      type: "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    expect(fake.payments(shop.shopId).some((p) => p.metadata?.order_id === "k0")).toBe(false);
  });

  it("creates a pending redirect payment shaped like YooKassa's", async () => {
    const res = await raw("POST", "/payments", { body: paymentBody("w1", "10"), key: "w1" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "pending",
      paid: false,
      amount: { value: "10.00", currency: "RUB" },
      confirmation: { type: "redirect", confirmation_url: expect.stringMatching(/^https:/) },
      metadata: { order_id: "w1" },
      refundable: false,
      test: true,
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-000f-5000-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Date(String(res.body.created_at)).toISOString()).toBe(res.body.created_at);
  });

  it("the same key and body (keys in any order) answer the same object; another body is refused", async () => {
    const first = await raw("POST", "/payments", { body: paymentBody("i1"), key: "i1" });
    const { metadata, amount, ...rest } = paymentBody("i1");
    const reordered = await raw("POST", "/payments", {
      body: { metadata, ...rest, amount },
      key: "i1",
    });
    expect(reordered).toEqual(first);
    const other = await raw("POST", "/payments", { body: paymentBody("i1", "99.00"), key: "i1" });
    expect(other).toMatchObject({
      status: 400,
      body: {
        type: "error",
        code: "invalid_request",
        description: "Idempotence key duplicated",
        parameter: "Idempotence-Key",
      },
    });
    expect(fake.payments(shop.shopId).filter((p) => p.metadata?.order_id === "i1")).toHaveLength(1);
  });

  it("keys belong to a shop, and one shop cannot read another's payment", async () => {
    const other = fake.addShop();
    const mine = await raw("POST", "/payments", { body: paymentBody("s1"), key: "shared" });
    const theirs = await raw("POST", "/payments", {
      body: paymentBody("s1"),
      key: "shared",
      auth: basic(other),
    });
    expect(theirs.body.id).not.toBe(mine.body.id);
    const peek = await raw("GET", `/payments/${String(mine.body.id)}`, { auth: basic(other) });
    expect(peek).toMatchObject({ status: 404, body: { code: "not_found" } });
  });

  it("validates like YooKassa: return_url, description length, receipt total", async () => {
    const noReturn = await raw("POST", "/payments", {
      body: { ...paymentBody("v1"), confirmation: { type: "redirect" } },
      key: "v1",
    });
    expect(noReturn.body).toMatchObject({ parameter: "confirmation.return_url" });
    const long = await raw("POST", "/payments", {
      body: { ...paymentBody("v2"), description: "x".repeat(129) },
      key: "v2",
    });
    expect(long.body).toMatchObject({ parameter: "description" });
    const item = {
      description: "Course",
      quantity: 1,
      amount: { value: "90.00", currency: "RUB" },
      vat_code: 1,
      payment_mode: "full_payment",
      payment_subject: "service",
    };
    const mismatch = await raw("POST", "/payments", {
      body: { ...paymentBody("v3"), receipt: { customer: { email: "a@b.c" }, items: [item] } },
      key: "v3",
    });
    expect(mismatch).toMatchObject({ status: 400, body: { parameter: "receipt" } });
    const noCustomer = await raw("POST", "/payments", {
      body: {
        ...paymentBody("v4"),
        receipt: {
          customer: {},
          items: [{ ...item, amount: { value: "100.00", currency: "RUB" } }],
        },
      },
      key: "v4",
    });
    expect(noCustomer.body).toMatchObject({ parameter: "receipt.customer" });
  });

  it("succeed and cancel move the payment as YooKassa would", async () => {
    const id = await createPaid("m1");
    const paid = await raw("GET", `/payments/${id}`);
    expect(paid.body).toMatchObject({ status: "succeeded", paid: true, refundable: true });
    expect(paid.body.confirmation).toBeUndefined();
    expect(() => fake.succeed(id)).toThrow(/not pending/);

    const { body } = await raw("POST", "/payments", { body: paymentBody("m2"), key: "m2" });
    fake.cancel(String(body.id));
    expect((await raw("GET", `/payments/${String(body.id)}`)).body).toMatchObject({
      status: "canceled",
      paid: false,
      cancellation_details: { party: "yoo_money", reason: "expired_on_confirmation" },
    });
  });

  it("POST /payments/{id}/cancel cancels only a payment waiting for capture", async () => {
    const { body: pending } = await raw("POST", "/payments", {
      body: paymentBody("c1"),
      key: "c1",
    });
    const refused = await raw("POST", `/payments/${String(pending.id)}/cancel`, {
      body: {},
      key: "c1x",
    });
    expect(refused).toMatchObject({ status: 400, body: { code: "invalid_request" } });

    const { body: held } = await raw("POST", "/payments", {
      body: { ...paymentBody("c2"), capture: false },
      key: "c2",
    });
    expect(fake.succeed(String(held.id))).toMatchObject({
      status: "waiting_for_capture",
      paid: true,
    });
    const canceled = await raw("POST", `/payments/${String(held.id)}/cancel`, {
      body: {},
      key: "c2x",
    });
    expect(canceled.body).toMatchObject({
      status: "canceled",
      cancellation_details: { party: "merchant", reason: "canceled_by_merchant" },
    });
  });

  it("refunds only a succeeded payment, never above what is left, and counts refunded_amount", async () => {
    const { body: unpaid } = await raw("POST", "/payments", { body: paymentBody("r0"), key: "r0" });
    const early = await raw("POST", "/refunds", {
      body: { payment_id: unpaid.id, amount: { value: "1.00", currency: "RUB" } },
      key: "r0-refund",
    });
    expect(early).toMatchObject({ status: 400, body: { parameter: "payment_id" } });

    const id = await createPaid("r1");
    const part = await raw("POST", "/refunds", {
      body: { payment_id: id, amount: { value: "60.00", currency: "RUB" } },
      key: "r1-a",
    });
    expect(part.body).toMatchObject({
      payment_id: id,
      status: "succeeded",
      amount: { value: "60.00", currency: "RUB" },
    });
    expect((await raw("GET", `/refunds/${String(part.body.id)}`)).body).toEqual(part.body);

    const tooMuch = await raw("POST", "/refunds", {
      body: { payment_id: id, amount: { value: "40.01", currency: "RUB" } },
      key: "r1-b",
    });
    expect(tooMuch).toMatchObject({ status: 400, body: { parameter: "amount.value" } });
    const wrongCurrency = await raw("POST", "/refunds", {
      body: { payment_id: id, amount: { value: "1.00", currency: "USD" } },
      key: "r1-c",
    });
    expect(wrongCurrency.body).toMatchObject({ parameter: "amount.currency" });

    await raw("POST", "/refunds", {
      body: { payment_id: id, amount: { value: "40.00", currency: "RUB" } },
      key: "r1-d",
    });
    expect((await raw("GET", `/payments/${id}`)).body).toMatchObject({
      refunded_amount: { value: "100.00", currency: "RUB" },
      refundable: false,
    });
    // A refused key keeps its answer, as YooKassa's does: retrying it changes nothing.
    const replay = await raw("POST", "/refunds", {
      body: { payment_id: id, amount: { value: "40.01", currency: "RUB" } },
      key: "r1-b",
    });
    expect(replay).toEqual(tooMuch);
  });

  it("GET /me describes the shop; unknown paths are 404", async () => {
    expect((await raw("GET", "/me")).body).toMatchObject({
      account_id: "506751",
      status: "enabled",
      test: true,
    });
    expect((await raw("GET", "/payouts/1")).status).toBe(404);
    expect(fake.callsTo("me")).toHaveLength(1);
  });

  it("failNext answers the given failure as many times as asked, with no effect", async () => {
    fake.failNext("createPayment", yookassaFailures.internal, 2);
    const a = await raw("POST", "/payments", { body: paymentBody("f1"), key: "f1" });
    const b = await raw("POST", "/payments", { body: paymentBody("f1"), key: "f1" });
    const c = await raw("POST", "/payments", { body: paymentBody("f1"), key: "f1" });
    expect([a.status, b.status, c.status]).toEqual([500, 500, 200]);
    expect(a.body).toMatchObject({ type: "error", code: "internal_server_error" });
    expect(fake.payments(shop.shopId).filter((p) => p.metadata?.order_id === "f1")).toHaveLength(1);
  });
});

describe("fake YooKassa: notifications", () => {
  let receiver: Server;
  let url: string;
  const got: { headers: Record<string, unknown>; body: unknown }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let data = "";
      req.on("data", (c: Buffer) => (data += c.toString("utf8")));
      req.on("end", () => {
        got.push({ headers: req.headers, body: JSON.parse(data) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    url = `http://127.0.0.1:${address.port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("POSTs { type: notification, event, object } with the object as it stands", async () => {
    const id = await createPaid("n1");
    const res = await fake.notify(url, "payment.succeeded", id);
    expect(res.status).toBe(200);
    expect(got.at(-1)?.headers["content-type"]).toBe("application/json");
    expect(got.at(-1)?.body).toEqual({
      type: "notification",
      event: "payment.succeeded",
      object: fake.payment(id),
    });
    expect(fake.notifications).toEqual([{ url, body: got.at(-1)?.body, status: 200 }]);

    await raw("POST", "/refunds", {
      body: { payment_id: id, amount: { value: "5.00", currency: "RUB" } },
      key: "n1-refund",
    });
    await fake.notify(url, "refund.succeeded", id);
    expect(got.at(-1)?.body).toMatchObject({
      event: "refund.succeeded",
      object: { payment_id: id, status: "succeeded", amount: { value: "5.00" } },
    });
  });
});
