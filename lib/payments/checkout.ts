import "server-only";
import { and, eq } from "drizzle-orm";
import type { Api } from "grammy";
import { z } from "zod";
import type { Db, Tx } from "@/lib/db";
import { contacts, orders, products } from "@/lib/db/schema";
import { config } from "@/lib/config/env";
import { formatMoney, isCurrencyCode, type CurrencyCode } from "@/lib/money/currency";
import type { TelegramCall } from "@/lib/runtime/types";
import { adapterFor } from "./adapters";
import { createOrder } from "./orders/create";
import { isOpen } from "./orders/status";
import { transitionOrder, type Order } from "./orders/transition";
import { providerAccount, providerAccountById } from "./providers/accounts";
import { providerRefusal } from "./refusal";
import { resumePaymentNode, settleOrder } from "./settle";
import type { PaymentAdapter } from "./types";

/** The outbox payload of a payment node's offer (engine.ts writes it from the `payment` effect). */
export const paymentOfferSchema = z.object({
  nodeId: z.string(),
  since: z.int(),
  orderKey: z.string(),
  productId: z.string().nullable(),
  provider: z.enum(["stars", "telegram", "stripe", "yookassa"]),
  expiresAt: z.number(),
  text: z.string(),
  buttonText: z.string(),
  flowVersionId: z.string().nullable(),
});
export type PaymentOffer = z.infer<typeof paymentOfferSchema>;

export interface OfferRow {
  workspaceId: string;
  botId: string;
  contactId: string;
}

export type PreparedOffer =
  /** Send this Bot API call to the buyer: the invoice, or the message with the pay link. */
  | { kind: "send"; call: TelegramCall; order: Order }
  /** The payment cannot be offered; the flow has been told (its `failed` outcome). */
  | { kind: "failed"; reason: string }
  /** The order is not waiting any more (paid, expired…) or the buyer is gone: send nothing. */
  | { kind: "settled" };

/** Telegram's sendInvoice limits (https://core.telegram.org/bots/api#sendinvoice). */
const invoiceTitleMax = 32;
const invoiceDescriptionMax = 255;
/** Telegram Stars subscriptions renew every 30 days, the only period Telegram accepts. */
const starsSubscriptionSeconds = 30 * 24 * 60 * 60;

/**
 * Works out a payment node's offer (the sender calls it for `payment` outbox rows): creates the
 * order once (by the offer's key), checks that the product can be sold this way, and for Stripe
 * and YooKassa creates the checkout with an idempotency key derived from the order, so a retry
 * after a crash finds the same checkout instead of a second one. Refusals (no such product, out
 * of stock, provider not set up, the provider said no) become the node's `failed` outcome.
 * Network and 5xx failures throw, and the sender retries the row.
 */
export async function preparePaymentOffer(
  db: Db,
  row: OfferRow,
  offer: PaymentOffer,
  api: Api,
): Promise<PreparedOffer> {
  const planned = await db.transaction((tx) => plan(tx, row, offer));
  if (planned.kind !== "ready") return planned;
  const { order, product, contact } = planned;
  const locale = contact.languageCode?.startsWith("ru") ? "ru" : "en";
  // The order's own amount and currency: a retry must not follow a price edited since.
  const price = formatMoney(order.amountMinor, planned.currency, locale);
  const chatId = contact.channelUserId;
  const payLink = (url: string): PreparedOffer => ({
    kind: "send",
    order,
    call: payLinkMessage(chatId, offer, url, { title: order.title, price, locale }),
  });

  if (!planned.adapter) {
    const invoice = {
      title: clip(order.title, invoiceTitleMax),
      description: clip(product.description || order.title, invoiceDescriptionMax),
      // Comes back in pre_checkout_query and successful_payment: the order being paid.
      payload: order.id,
      currency: order.currency,
      prices: [{ label: clip(order.title, invoiceTitleMax), amount: order.amountMinor }],
      ...(planned.providerToken ? { provider_token: planned.providerToken } : {}),
    };
    const offered = await db.transaction((tx) =>
      transitionOrder(tx, order.id, "pending", { actor: system, reason: "invoice.offered" }),
    );
    // Expired or settled meanwhile (the node timed out, the buyer started over): send nothing.
    if (!isOpen(offered.order.status)) return { kind: "settled" };
    if (order.provider === "stars" && product.periodDays) {
      // A Star subscription exists only as an invoice link: sendInvoice takes no period.
      const link = await api.raw.createInvoiceLink({
        ...invoice,
        subscription_period: starsSubscriptionSeconds,
      });
      return payLink(link);
    }
    return {
      kind: "send",
      order,
      call: { method: "sendInvoice", params: { chat_id: chatId, ...invoice } },
    };
  }

  if (order.checkoutUrl)
    return isOpen(order.status) ? payLink(order.checkoutUrl) : { kind: "settled" };
  let checkout;
  try {
    checkout = await planned.adapter.createCheckout(
      {
        orderId: order.id,
        title: order.title,
        description: product.description || undefined,
        amountMinor: order.amountMinor,
        currency: planned.currency,
        successUrl: `${config().APP_URL}/pay/${order.id}`,
        cancelUrl: `${config().APP_URL}/pay/${order.id}?canceled=1`,
        expiresAt: new Date(offer.expiresAt),
        subscription: product.periodDays ? { intervalDays: product.periodDays } : undefined,
        receipt: product.fiscalReceipt
          ? { phone: contact.phone ?? undefined, vatCode: product.vatCode }
          : undefined,
      },
      `checkout:${order.id}`,
    );
  } catch (err) {
    const refusal = providerRefusal(err);
    if (!refusal) throw err;
    await db.transaction((tx) =>
      settleOrder(tx, order.id, "failed", {
        actor: system,
        reason: "checkout.refused",
        data: { error: refusal },
      }),
    );
    return { kind: "failed", reason: refusal };
  }
  const stored = await db.transaction(async (tx) => {
    await tx
      .update(orders)
      .set({ providerPaymentId: checkout.providerPaymentId, checkoutUrl: checkout.url })
      .where(eq(orders.id, order.id));
    return transitionOrder(tx, order.id, "pending", {
      actor: system,
      reason: "checkout.created",
      data: { providerPaymentId: checkout.providerPaymentId },
    });
  });
  if (!isOpen(stored.order.status)) return { kind: "settled" };
  return payLink(checkout.url);
}

const system = { type: "system" } as const;

type Planned =
  | {
      kind: "ready";
      order: Order;
      product: typeof products.$inferSelect & { currency: CurrencyCode };
      contact: typeof contacts.$inferSelect;
      currency: CurrencyCode;
      /** Stripe or YooKassa; null for Telegram invoices (Stars, Telegram Payments). */
      adapter: PaymentAdapter | null;
      /** Telegram Payments' provider token; empty for Stars. */
      providerToken: string;
    }
  | Exclude<PreparedOffer, { kind: "send" }>;

/** Checks the offer and creates its order, in one transaction. */
async function plan(tx: Tx, row: OfferRow, offer: PaymentOffer): Promise<Planned> {
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, row.contactId));
  if (!contact) return { kind: "settled" };
  const refuse = async (reason: string): Promise<Planned> => {
    const wait = {
      botId: row.botId,
      contactId: row.contactId,
      nodeId: offer.nodeId,
      since: offer.since,
    };
    await resumePaymentNode(tx, wait, { outcome: "failed", order: null, reason });
    return { kind: "failed", reason };
  };

  const [existing] = await tx
    .select()
    .from(orders)
    .where(eq(orders.idempotencyKey, offer.orderKey));
  if (existing && !isOpen(existing.status)) return { kind: "settled" };

  const [product] = offer.productId
    ? await tx
        .select()
        .from(products)
        .where(and(eq(products.id, offer.productId), eq(products.workspaceId, row.workspaceId)))
    : [];
  if (!product || (!product.active && !existing)) return refuse("product_unavailable");
  if (!isCurrencyCode(product.currency)) return refuse("unknown_currency");
  if (!existing && product.stock !== null && product.stock <= 0) return refuse("out_of_stock");
  // Telegram requires Stars for digital goods sold inside Telegram: a product priced in XTR is
  // sold only for Stars, and Stars pay only for XTR prices.
  const stars = product.currency === "XTR";
  if (stars !== (offer.provider === "stars"))
    return refuse(stars ? "product_priced_in_stars" : "product_not_priced_in_stars");

  let adapter: PaymentAdapter | null = null;
  let providerToken = "";
  let account: { id: string; mode: "test" | "live" } | null = null;
  if (offer.provider === "telegram") {
    const telegram = await providerAccount(tx, row.workspaceId, "telegram");
    if (!telegram) return refuse("provider_not_configured");
    providerToken = telegram.secrets.providerToken;
    account = telegram;
  } else if (offer.provider !== "stars") {
    const external = await providerAccount(tx, row.workspaceId, offer.provider);
    adapter = external && adapterFor(external);
    if (!external || !adapter) return refuse("provider_not_configured");
    account = external;
  }

  const { order } =
    existing !== undefined
      ? { order: existing }
      : await createOrder(
          tx,
          {
            workspaceId: row.workspaceId,
            botId: row.botId,
            contactId: contact.id,
            productId: product.id,
            title: product.title,
            productKind: product.kind,
            amountMinor: product.priceMinor,
            currency: product.currency,
            provider: offer.provider,
            providerAccountId: account?.id ?? null,
            test: account?.mode === "test",
            flowVersionId: offer.flowVersionId,
            nodeId: offer.nodeId,
            sessionStep: offer.since,
            idempotencyKey: offer.orderKey,
            expiresAt: new Date(offer.expiresAt),
          },
          { type: "contact", id: contact.id },
        );
  if (!isCurrencyCode(order.currency)) return refuse("unknown_currency");
  return {
    kind: "ready",
    order,
    currency: order.currency,
    product: { ...product, currency: product.currency },
    contact,
    adapter,
    providerToken,
  };
}

/** The message with the pay button for a checkout page or a Stars subscription link. */
function payLinkMessage(
  chatId: string,
  offer: PaymentOffer,
  url: string,
  shown: { title: string; price: string; locale: "en" | "ru" },
): TelegramCall {
  const text = offer.text || `${shown.title}\n${shown.price}`;
  const button =
    offer.buttonText || (shown.locale === "ru" ? `Оплатить ${shown.price}` : `Pay ${shown.price}`);
  return {
    method: "sendMessage",
    params: {
      chat_id: chatId,
      text,
      reply_markup: { inline_keyboard: [[{ text: button, url }]] },
    },
  };
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Closes an expired order's checkout at its provider (a `checkout_close` outbox row), so the
 * buyer cannot pay after the flow has moved on. A provider's refusal is final (the session was
 * completed meanwhile: its webhook or reconciliation reports the payment); anything else throws
 * and the sender retries.
 */
export async function closeCheckout(
  db: Db,
  { orderId }: { orderId: string },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order?.providerPaymentId || !order.providerAccountId) return { ok: true };
  if (order.provider !== "stripe" && order.provider !== "yookassa") return { ok: true };
  const account = await providerAccountById(db, order.providerAccountId, order.provider);
  if (!account) return { ok: false, error: "the provider account was removed" };
  try {
    await adapterFor(account).closeCheckout?.(order.providerPaymentId);
    return { ok: true };
  } catch (err) {
    const refusal = providerRefusal(err);
    if (refusal) return { ok: false, error: refusal };
    throw err;
  }
}
