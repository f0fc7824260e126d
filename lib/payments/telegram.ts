import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/lib/db";
import { contacts, orders, outbox, paymentEvents, products } from "@/lib/db/schema";
import { recordJournal } from "@/lib/journal/record";
import type { RuntimeBot } from "@/lib/runtime/engine";
import { isOpen, isPaid } from "./orders/status";
import { settleOrder } from "./settle";
import { extendAccess } from "@/lib/delivery/access";

/**
 * Telegram Payments and Telegram Stars (https://core.telegram.org/bots/payments): the invoice's
 * payload is our order id. Telegram asks before charging (pre_checkout_query, which must be
 * answered within 10 seconds or the purchase is dropped) and reports the charge in the chat
 * (message.successful_payment). Both arrive through the bot's authenticated webhook.
 */

export const preCheckoutQuerySchema = z.object({
  id: z.string(),
  from: z.object({ id: z.number().int(), language_code: z.string().optional() }),
  currency: z.string(),
  total_amount: z.number().int(),
  invoice_payload: z.string(),
});

export const successfulPaymentSchema = z.object({
  currency: z.string(),
  total_amount: z.number().int(),
  invoice_payload: z.string(),
  telegram_payment_charge_id: z.string(),
  provider_payment_charge_id: z.string().optional(),
  subscription_expiration_date: z.number().int().optional(),
  is_recurring: z.boolean().optional(),
  is_first_recurring: z.boolean().optional(),
});

export const refundedPaymentSchema = z.object({
  currency: z.string(),
  total_amount: z.number().int(),
  invoice_payload: z.string(),
  telegram_payment_charge_id: z.string(),
  provider_payment_charge_id: z.string().optional(),
});

const uuid = z.uuid();

/** The order an invoice is for (its payload), only among this bot's orders. */
async function orderOfPayload(tx: Tx, bot: RuntimeBot, payload: string) {
  if (!uuid.safeParse(payload).success) return undefined;
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, payload), eq(orders.botId, bot.id)));
  return order;
}

const refusals = {
  unknown: {
    en: "This invoice is not valid any more. Please ask for a new one.",
    ru: "Этот счёт больше не действует. Запросите новый, пожалуйста.",
  },
  closed: {
    en: "This invoice has expired or was already paid. Please ask for a new one.",
    ru: "Срок этого счёта истёк или он уже оплачен. Запросите новый, пожалуйста.",
  },
  price: {
    en: "The price has changed since this invoice was sent. Please ask for a new invoice.",
    ru: "Цена изменилась после выставления счёта. Запросите новый счёт, пожалуйста.",
  },
  unavailable: {
    en: "Sorry, this product is no longer available.",
    ru: "К сожалению, этот товар больше недоступен.",
  },
  otherBuyer: {
    en: "This invoice was issued to someone else. Please ask the bot for your own.",
    ru: "Этот счёт выставлен другому человеку. Запросите у бота свой, пожалуйста.",
  },
} as const;

/**
 * Decides whether Telegram may charge: the order is ours, still waiting, at the same amount
 * and currency, and its product is still sold at that price with stock left. The answer is
 * queued ahead of everything else (priority -1) and the route wakes the sender, so it leaves
 * within milliseconds of the commit.
 */
export async function answerPreCheckout(
  tx: Tx,
  bot: RuntimeBot,
  query: z.infer<typeof preCheckoutQuerySchema>,
): Promise<number | undefined> {
  const order = await orderOfPayload(tx, bot, query.invoice_payload);
  const [product] = order?.productId
    ? await tx.select().from(products).where(eq(products.id, order.productId))
    : [];
  const [buyer] = order?.contactId
    ? await tx
        .select({ userId: contacts.channelUserId })
        .from(contacts)
        .where(eq(contacts.id, order.contactId))
    : [];
  const refusal = !order
    ? "unknown"
    : // A forwarded invoice or a shared Star subscription link paid by someone else would pay
      // this buyer's order with another person's money.
      buyer?.userId !== String(query.from.id)
      ? "otherBuyer"
      : !isOpen(order.status)
        ? "closed"
        : order.amountMinor !== query.total_amount || order.currency !== query.currency
          ? "price"
          : !product || !product.active || (product.stock !== null && product.stock <= 0)
            ? "unavailable"
            : product.priceMinor !== order.amountMinor || product.currency !== order.currency
              ? "price"
              : null;
  const language = query.from.language_code?.startsWith("ru") ? "ru" : "en";
  if (order)
    await recordJournal(tx, {
      workspaceId: bot.workspaceId,
      actor: { type: "system" },
      kind: refusal ? "payment.pre_checkout_refused" : "payment.pre_checkout_accepted",
      botId: bot.id,
      contactId: order.contactId,
      orderId: order.id,
      data: {
        totalAmount: query.total_amount,
        currency: query.currency,
        ...(refusal ? { refusal } : {}),
      },
    });
  const [row] = await tx
    .insert(outbox)
    .values({
      workspaceId: bot.workspaceId,
      botId: bot.id,
      kind: "telegram",
      idempotencyKey: `pre_checkout:${bot.id}:${query.id}`,
      priority: -1,
      payload: {
        method: "answerPreCheckoutQuery",
        params: refusal
          ? {
              pre_checkout_query_id: query.id,
              ok: false,
              error_message: refusals[refusal][language],
            }
          : { pre_checkout_query_id: query.id, ok: true },
      },
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return row?.id;
}

/**
 * Telegram charged the buyer: the order is paid (with both charge ids kept for refunds and
 * disputes) and the flow waiting on it continues. Recorded once per charge id. A renewal of a
 * Star subscription is recorded and journaled; the order stays paid.
 */
export async function recordSuccessfulPayment(
  tx: Tx,
  bot: RuntimeBot,
  payer: { id: string; channelUserId: string },
  payment: z.infer<typeof successfulPaymentSchema>,
): Promise<number> {
  const contactId = payer.id;
  const order = await orderOfPayload(tx, bot, payment.invoice_payload);
  const provider = payment.currency === "XTR" ? "stars" : "telegram";
  const fresh = await tx
    .insert(paymentEvents)
    .values({
      workspaceId: bot.workspaceId,
      orderId: order?.id ?? null,
      provider,
      eventId: `charge:${payment.telegram_payment_charge_id}`,
      type: "successful_payment",
      data: payment,
    })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!fresh.length) return 0;
  if (!order) {
    // Money arrived for an invoice we cannot match: staff must look (and probably refund).
    await recordJournal(tx, {
      workspaceId: bot.workspaceId,
      actor: { type: "system" },
      kind: "payment.unmatched",
      botId: bot.id,
      contactId,
      data: payment,
    });
    return 0;
  }
  if (payment.is_recurring && !payment.is_first_recurring) {
    await recordJournal(tx, {
      workspaceId: bot.workspaceId,
      actor: { type: "system" },
      kind: "subscription.renewed",
      botId: bot.id,
      contactId,
      orderId: order.id,
      data: {
        chargeId: payment.telegram_payment_charge_id,
        expiresAt: payment.subscription_expiration_date,
      },
    });
    const until = payment.subscription_expiration_date;
    await extendAccess(tx, order.id, until ? new Date(until * 1000) : null);
    return 0;
  }
  const charged = { amount: payment.total_amount, currency: payment.currency };
  const mismatch = charged.amount !== order.amountMinor || charged.currency !== order.currency;
  if (mismatch)
    await alert(tx, bot, contactId, order.id, "payment.amount_mismatch", {
      charged,
      ordered: { amount: order.amountMinor, currency: order.currency },
    });
  const paidBefore =
    order.status === "refunded" ||
    (isPaid(order.status) && order.chargeId !== payment.telegram_payment_charge_id);
  if (paidBefore) {
    // Paid twice (two devices, a second copy of the invoice): the order stays paid once, and
    // Stars come back by themselves; a card payment must be refunded by hand.
    await alert(tx, bot, contactId, order.id, "payment.duplicate", {
      chargeId: payment.telegram_payment_charge_id,
      providerChargeId: payment.provider_payment_charge_id,
      charged,
      refunding: provider === "stars",
    });
    if (provider === "stars")
      await tx
        .insert(outbox)
        .values({
          workspaceId: bot.workspaceId,
          botId: bot.id,
          contactId,
          kind: "telegram",
          idempotencyKey: `refund-duplicate:${payment.telegram_payment_charge_id}`,
          payload: {
            method: "refundStarPayment",
            params: {
              user_id: Number(payer.channelUserId),
              telegram_payment_charge_id: payment.telegram_payment_charge_id,
            },
          },
        })
        .onConflictDoNothing();
    return provider === "stars" ? 1 : 0;
  }
  const { queued } = await settleOrder(tx, order.id, "paid", {
    actor: { type: "contact", id: contactId },
    reason: `${provider}:successful_payment`,
    eventId: payment.telegram_payment_charge_id,
    refs: {
      chargeId: payment.telegram_payment_charge_id,
      providerChargeId: payment.provider_payment_charge_id ?? null,
      ...(payment.subscription_expiration_date
        ? { subscriptionId: payment.telegram_payment_charge_id }
        : {}),
    },
    // Telegram charged what it charged; a difference from the order is for staff to see.
    data: mismatch ? { charged: { amount: payment.total_amount, currency: payment.currency } } : {},
  });
  return queued;
}

/** A journal entry about a payment that staff should look at. */
function alert(
  tx: Tx,
  bot: RuntimeBot,
  contactId: string,
  orderId: string,
  kind: string,
  data: Record<string, unknown>,
) {
  return recordJournal(tx, {
    workspaceId: bot.workspaceId,
    actor: { type: "system" },
    kind,
    botId: bot.id,
    contactId,
    orderId,
    data,
  });
}

/** Telegram reports a refund (refundStarPayment by us, or by Telegram's support). */
export async function recordRefundedPayment(
  tx: Tx,
  bot: RuntimeBot,
  contactId: string,
  refund: z.infer<typeof refundedPaymentSchema>,
): Promise<void> {
  const order = await orderOfPayload(tx, bot, refund.invoice_payload);
  const fresh = await tx
    .insert(paymentEvents)
    .values({
      workspaceId: bot.workspaceId,
      orderId: order?.id ?? null,
      provider: refund.currency === "XTR" ? "stars" : "telegram",
      eventId: `refund:${refund.telegram_payment_charge_id}`,
      type: "refunded_payment",
      data: refund,
    })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!fresh.length || !order) return;
  await settleOrder(tx, order.id, "refunded", {
    actor: { type: "system" },
    reason: "telegram:refunded_payment",
    eventId: refund.telegram_payment_charge_id,
  });
}
