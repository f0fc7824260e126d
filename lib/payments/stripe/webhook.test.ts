import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startFakeStripe, type FakeStripe, type FakeStripeAccount } from "@/test/fakes/stripe";
import { StripeSignatureError, verifyStripeEvent } from "./webhook";

/** A receiver that keeps each delivery's raw body and Stripe-Signature header, answering 200. */
interface Delivery {
  body: string;
  signature: string | null;
}

let fake: FakeStripe;
let account: FakeStripeAccount;
let receiver: Server;
let url: string;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  fake = await startFakeStripe();
  account = fake.addAccount();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const header = req.headers["stripe-signature"];
      deliveries.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: typeof header === "string" ? header : null,
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  url = `http://127.0.0.1:${address.port}/api/payments/stripe/webhook`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await fake.close();
});

/** A completed Checkout Session's event, delivered by the fake; returns what the receiver got. */
async function deliverCompleted(opts: Parameters<FakeStripe["deliver"]>[2] = {}) {
  const stripe = new Stripe(account.secretKey, {
    host: "127.0.0.1",
    port: Number(new URL(fake.apiBase).port),
    protocol: "http",
  });
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [
      {
        quantity: 1,
        price_data: { currency: "eur", unit_amount: 700, product_data: { name: "Key" } },
      },
    ],
    metadata: { order_id: "order-sig" },
    success_url: "https://shop.example/ok",
  });
  const { events } = fake.completeSession(session.id);
  const event = events.find((e) => e.type === "checkout.session.completed");
  if (!event) throw new Error("no checkout.session.completed");
  const response = await fake.deliver(url, event, opts);
  expect(response.status).toBe(200);
  const delivery = deliveries.at(-1);
  if (!delivery) throw new Error("nothing delivered");
  return { event, delivery };
}

function signatureError(run: () => unknown): StripeSignatureError {
  try {
    run();
  } catch (err) {
    if (err instanceof StripeSignatureError) return err;
    throw err;
  }
  throw new Error("expected a StripeSignatureError");
}

describe("verifyStripeEvent", () => {
  it("accepts a delivery signed with the endpoint's secret and returns the event", async () => {
    const { event, delivery } = await deliverCompleted();
    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const verified = verifyStripeEvent(delivery.body, delivery.signature, account.webhookSecret);
    expect(verified.id).toBe(event.id);
    expect(verified.type).toBe("checkout.session.completed");
    expect(verified.data.object).toMatchObject({ metadata: { order_id: "order-sig" } });
  });

  it("refuses a forgery signed with another secret", async () => {
    const { delivery } = await deliverCompleted({ secret: "whsec_forgedforgedforgedforged00" });
    const err = signatureError(() =>
      verifyStripeEvent(delivery.body, delivery.signature, account.webhookSecret),
    );
    expect(err.problem).toBe("bad_signature");
    expect(err.cause).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
  });

  it("refuses a body changed after signing, even by one character", async () => {
    const { delivery } = await deliverCompleted();
    const tampered = delivery.body.replace('"order-sig"', '"order-evil"');
    expect(tampered).not.toBe(delivery.body);
    expect(
      signatureError(() => verifyStripeEvent(tampered, delivery.signature, account.webhookSecret))
        .problem,
    ).toBe("bad_signature");
    // Re-serialising the JSON (what a body parser does) breaks the signature too.
    const reserialised = JSON.stringify(JSON.parse(delivery.body));
    expect(
      signatureError(() =>
        verifyStripeEvent(reserialised, delivery.signature, account.webhookSecret),
      ).problem,
    ).toBe("bad_signature");
  });

  it("refuses a delivery without a Stripe-Signature header", async () => {
    const { delivery } = await deliverCompleted({ unsigned: true });
    expect(delivery.signature).toBeNull();
    const err = signatureError(() =>
      verifyStripeEvent(delivery.body, delivery.signature, account.webhookSecret),
    );
    expect(err.problem).toBe("missing_signature");
    expect(
      signatureError(() => verifyStripeEvent(delivery.body, "", account.webhookSecret)).problem,
    ).toBe("missing_signature");
  });

  it("refuses a replay older than Stripe's five-minute tolerance and accepts one inside it", async () => {
    const old = await deliverCompleted({ timestamp: Math.floor(Date.now() / 1000) - 301 });
    const err = signatureError(() =>
      verifyStripeEvent(old.delivery.body, old.delivery.signature, account.webhookSecret),
    );
    expect(err.problem).toBe("bad_signature");
    expect(err.message).toMatch(/tolerance/);

    const recent = await deliverCompleted({ timestamp: Math.floor(Date.now() / 1000) - 200 });
    expect(
      verifyStripeEvent(recent.delivery.body, recent.delivery.signature, account.webhookSecret).id,
    ).toBe(recent.event.id);
  });

  it("refuses a header that is not Stripe's format, and an unset secret", async () => {
    const { delivery } = await deliverCompleted();
    expect(
      signatureError(() => verifyStripeEvent(delivery.body, "sha256=abc", account.webhookSecret))
        .problem,
    ).toBe("bad_signature");
    expect(
      signatureError(() => verifyStripeEvent(delivery.body, delivery.signature, "")).problem,
    ).toBe("missing_secret");
  });
});
