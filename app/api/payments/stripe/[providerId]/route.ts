import { NextResponse } from "next/server";
import { readBodyText } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { and, eq } from "drizzle-orm";
import { getDb, type Db } from "@/lib/db";
import { paymentEvents } from "@/lib/db/schema";
import { wakeSender } from "@/lib/jobs/sender";
import { logger } from "@/lib/log";
import { observeWebhook, rejected } from "@/lib/metrics/webhook";
import { applyProviderEvent } from "@/lib/payments/events";
import { adapterFor } from "@/lib/payments/adapters";
import { providerAccountById, type ProviderAccount } from "@/lib/payments/providers/accounts";
import {
  StripeSignatureError,
  stripeEventToPayment,
  verifyStripeEvent,
} from "@/lib/payments/stripe";
import { isUuid } from "@/lib/api/caller";

/** Stripe's events are tens of kilobytes at most. */
const maxEventBytes = 512 * 1024;

const error = (status: number, code: string, message: string) =>
  NextResponse.json({ error: { code, message } }, { status });

/**
 * Stripe's webhook for one workspace's Stripe account (DESIGN.md, Payments): the signature is
 * checked on the raw body with that account's signing secret before anything is parsed (400
 * otherwise: Stripe shows the failure in its dashboard and retries), the event id is recorded
 * once, and the order moves in one transaction. Events we do not act on get 200.
 */
export const POST = observeWebhook("stripe", stripeWebhook);

async function stripeWebhook(req: Request, ctx: { params: Promise<{ providerId: string }> }) {
  const { providerId } = await ctx.params;
  const db = await getDb();
  const account = isUuid(providerId) ? await providerAccountById(db, providerId, "stripe") : null;
  if (!account) return error(404, "not_found", "No Stripe account is configured at this address");

  let raw;
  try {
    raw = await readBodyText(req, maxEventBytes);
  } catch (err) {
    if (err instanceof ApiError) return error(413, err.code, err.message);
    throw err;
  }
  let event;
  try {
    event = verifyStripeEvent(
      raw,
      req.headers.get("stripe-signature"),
      account.secrets.webhookSecret ?? "",
    );
  } catch (err) {
    if (err instanceof StripeSignatureError)
      return rejected(err.problem, error(400, err.problem, err.message));
    throw err;
  }

  const payment = stripeEventToPayment(event);
  if (!payment) return NextResponse.json({ received: true, ignored: event.type });
  if (
    payment.payment.subscriptionId &&
    !payment.payment.chargeId &&
    payment.payment.status === "paid" &&
    // A redelivery is dropped by applyProviderEvent anyway: do not ask Stripe for it again.
    !(await isRecorded(db, event.id))
  )
    // A subscription's session names no payment intent; its first invoice's does. Keep it on the
    // order, so a refund made in Stripe's Dashboard (charge.refunded, no metadata) finds it.
    payment.payment.chargeId = await firstPaymentIntent(account, payment.payment.providerPaymentId);
  const applied = await db.transaction((tx) =>
    applyProviderEvent(tx, {
      workspaceId: account.workspaceId,
      provider: "stripe",
      event: payment,
      via: "webhook",
    }),
  );
  if (applied.queued) wakeSender();
  if (!applied.orderId)
    logger.warn(
      { providerId, eventId: event.id, type: event.type },
      "stripe event for no order of ours",
    );
  return NextResponse.json({ received: true });
}

async function firstPaymentIntent(
  account: ProviderAccount<"stripe">,
  sessionId: string,
): Promise<string | undefined> {
  try {
    return (await adapterFor(account).getPayment(sessionId)).chargeId;
  } catch (err) {
    // Not worth failing the webhook for: a refund from this app finds the intent by itself.
    logger.warn({ sessionId, err }, "stripe: could not read the subscription's payment intent");
    return undefined;
  }
}

async function isRecorded(db: Db, eventId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: paymentEvents.id })
    .from(paymentEvents)
    .where(and(eq(paymentEvents.provider, "stripe"), eq(paymentEvents.eventId, eventId)));
  return row !== undefined;
}
