import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { startFakeStripe, type FakeEvent, type FakeStripe } from "@/test/fakes/stripe";
import { stripeClient } from "./client";
import { handledStripeEventTypes, stripeEventToPayment } from "./events";

/**
 * The events come from the fake, which builds them with Stripe's shapes, and go through
 * Stripe's own parser (JSON as delivered), so the mapping reads what a webhook would carry.
 */
let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  const account = fake.addAccount();
  stripe = stripeClient(account.secretKey, { apiBase: fake.apiBase });
});
afterAll(() => fake.close());

function asDelivered(event: FakeEvent): Stripe.Event {
  // What constructEvent does after the signature check: JSON.parse typed as Stripe.Event.
  return JSON.parse(JSON.stringify(event)) as Stripe.Event;
}

function only(events: FakeEvent[], type: string): Stripe.Event {
  const found = events.filter((e) => e.type === type);
  expect(found, type).toHaveLength(1);
  return asDelivered(found[0]!);
}

async function session(opts: { orderId?: string; subscription?: boolean; amount?: number } = {}) {
  const orderId = opts.orderId ?? `order-${Math.random().toString(36).slice(2)}`;
  const metadata = { order_id: orderId };
  return stripe.checkout.sessions.create({
    mode: opts.subscription ? "subscription" : "payment",
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: "usd",
          unit_amount: opts.amount ?? 2500,
          product_data: { name: "Course" },
          ...(opts.subscription ? { recurring: { interval: "month" as const } } : {}),
        },
      },
    ],
    metadata,
    client_reference_id: orderId,
    success_url: "https://shop.example/ok",
    ...(opts.subscription
      ? { subscription_data: { metadata } }
      : { payment_intent_data: { metadata } }),
  });
}

describe("stripeEventToPayment", () => {
  it("checkout.session.completed, paid: the order is paid, with its payment intent", async () => {
    const created = await session({ orderId: "order-1" });
    const { events } = fake.completeSession(created.id);
    const event = only(events, "checkout.session.completed");
    const intent = fake.sessions.get(created.id)?.payment_intent;
    expect(stripeEventToPayment(event)).toEqual({
      eventId: event.id,
      type: "checkout.session.completed",
      payment: {
        providerPaymentId: created.id,
        status: "paid",
        amountMinor: 2500,
        currency: "USD",
        orderId: "order-1",
        chargeId: intent,
      },
    });
  });

  it("checkout.session.completed, still processing: ignored until the delayed payment settles", async () => {
    const created = await session();
    const completed = fake.completeSession(created.id, { async: true });
    expect(stripeEventToPayment(only(completed.events, "checkout.session.completed"))).toBeNull();

    const failed = fake.failAsyncPayment(created.id);
    expect(
      stripeEventToPayment(only(failed.events, "checkout.session.async_payment_failed")),
    ).toMatchObject({
      type: "checkout.session.async_payment_failed",
      payment: { status: "failed", providerPaymentId: created.id, reason: expect.any(String) },
    });
  });

  it("checkout.session.async_payment_succeeded: paid", async () => {
    const created = await session({ orderId: "order-async" });
    fake.completeSession(created.id, { async: true });
    const { events } = fake.succeedAsyncPayment(created.id);
    expect(
      stripeEventToPayment(only(events, "checkout.session.async_payment_succeeded")),
    ).toMatchObject({
      payment: { status: "paid", orderId: "order-async", amountMinor: 2500 },
    });
  });

  it("checkout.session.expired: expired", async () => {
    const created = await session({ orderId: "order-exp" });
    const { events } = fake.expireSession(created.id);
    expect(stripeEventToPayment(only(events, "checkout.session.expired"))).toMatchObject({
      type: "checkout.session.expired",
      payment: { status: "expired", orderId: "order-exp", providerPaymentId: created.id },
    });
  });

  it("charge.refunded: paid while partial, refunded when whole, order from the charge's metadata", async () => {
    const created = await session({ orderId: "order-ref", amount: 4000 });
    const { object } = fake.completeSession(created.id);
    const intent = String(object.payment_intent);
    const partial = fake.refundFromDashboard(intent, { amount: 1500 });
    expect(stripeEventToPayment(only(partial.events, "charge.refunded"))).toMatchObject({
      type: "charge.refunded",
      refundedMinor: 1500,
      payment: { status: "paid", orderId: "order-ref", chargeId: intent, amountMinor: 4000 },
    });
    const rest = fake.refundFromDashboard(intent);
    expect(stripeEventToPayment(only(rest.events, "charge.refunded"))).toMatchObject({
      refundedMinor: 4000,
      payment: { status: "refunded", orderId: "order-ref", chargeId: intent },
    });
  });

  it("invoice.paid: the subscription's first period and its renewals, order from subscription metadata", async () => {
    const created = await session({ orderId: "order-sub", subscription: true, amount: 990 });
    const { events, object } = fake.completeSession(created.id);
    expect(stripeEventToPayment(only(events, "checkout.session.completed"))).toMatchObject({
      payment: { status: "paid", orderId: "order-sub", subscriptionId: object.subscription },
    });
    expect(stripeEventToPayment(only(events, "invoice.paid"))).toMatchObject({
      type: "invoice.paid",
      billingReason: "subscription_create",
      payment: {
        status: "paid",
        orderId: "order-sub",
        amountMinor: 990,
        currency: "USD",
        subscriptionId: object.subscription,
        providerPaymentId: expect.stringMatching(/^in_/),
      },
    });
    const renewal = fake.renewSubscription(String(object.subscription));
    expect(stripeEventToPayment(only(renewal.events, "invoice.paid"))).toMatchObject({
      billingReason: "subscription_cycle",
      payment: { status: "paid", orderId: "order-sub", subscriptionId: object.subscription },
    });
  });

  it("customer.subscription.deleted: canceled, with the subscription and its reason", async () => {
    const created = await session({ orderId: "order-cancel", subscription: true, amount: 990 });
    const { object } = fake.completeSession(created.id);
    const { events } = fake.cancelSubscription(String(object.subscription));
    expect(stripeEventToPayment(only(events, "customer.subscription.deleted"))).toEqual({
      eventId: expect.stringMatching(/^evt_/),
      type: "customer.subscription.deleted",
      payment: {
        providerPaymentId: object.subscription,
        status: "canceled",
        amountMinor: 990,
        currency: "USD",
        orderId: "order-cancel",
        subscriptionId: object.subscription,
        reason: "cancellation_requested",
      },
    });
  });

  it("a refunded subscription charge carries no order id: found by its payment intent", async () => {
    const created = await session({ subscription: true, amount: 990 });
    const { events } = fake.completeSession(created.id);
    const charge = only(events, "charge.succeeded").data.object as Stripe.Charge;
    const refund = fake.refundFromDashboard(String(charge.payment_intent));
    expect(stripeEventToPayment(only(refund.events, "charge.refunded"))).toMatchObject({
      payment: { status: "refunded", orderId: null, chargeId: charge.payment_intent },
    });
  });

  it("ignores every other event type, and sessions that are not ours", async () => {
    const created = await session();
    const { events } = fake.completeSession(created.id);
    for (const event of events) {
      if (!(handledStripeEventTypes as readonly string[]).includes(event.type)) {
        expect(stripeEventToPayment(asDelivered(event)), event.type).toBeNull();
      }
    }
    expect(events.map((e) => e.type)).toContain("payment_intent.succeeded");

    const foreign = fake.buildEvent("checkout.session.completed", {
      ...fake.get(created.id),
      metadata: {},
      client_reference_id: null,
    });
    expect(stripeEventToPayment(asDelivered(foreign))).toBeNull();
  });

  it("ignores a currency Botshop does not know unless the object names one of our orders", async () => {
    const created = await session({ orderId: "order-sek" });
    const { events } = fake.completeSession(created.id);
    const charge = only(events, "charge.succeeded").data.object;
    const foreign = fake.buildEvent("charge.refunded", {
      ...charge,
      currency: "sek",
      metadata: {},
      refunded: true,
    });
    expect(stripeEventToPayment(asDelivered(foreign))).toBeNull();
    const ours = fake.buildEvent("charge.refunded", { ...charge, currency: "sek", refunded: true });
    expect(() => stripeEventToPayment(asDelivered(ours))).toThrow(/sek/);
  });
});
