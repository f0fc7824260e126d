import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { deliveries, orders, outbox, products, sessions } from "@/lib/db/schema";
import { recordJournal } from "@/lib/journal/record";
import { reservedCallbackPrefixes } from "@/lib/flow/callbackData";
import { botPublishedFlows, type ContactRow, type RuntimeBot } from "@/lib/runtime/engine";
import { flowStartsOnCommand, parseCommand } from "@/lib/runtime/step";
import type { RuntimeEvent, TelegramCall } from "@/lib/runtime/types";
import type { DeliveryRow, Resend } from "./method";
import { buyerLocale, buyerTexts, escapeHtml, htmlMessage, type BuyerLocale } from "./messages";
import { deliveryMethodHandlers } from "./methods";
import { resolveDelivery } from "./settings";

/**
 * "My purchases": /purchases lists the buyer's deliveries in this bot, newest first, a button
 * each; a press sends that one again within the product's rules (the method's `resend`). It is
 * built in, answered inside the webhook's transaction like any update, and never touches the
 * session, so a flow waiting for an answer still waits. A flow with its own /purchases trigger
 * takes the command instead.
 */

export const purchasesCommand = "purchases";
/** callback_data of a purchase's button: the prefix and the delivery id (46 bytes of Telegram's 64). */
const callbackPrefix = reservedCallbackPrefixes.purchase;
const listed = 10;
const titleChars = 48;

/**
 * Answers the update if it is /purchases or a purchase's button; returns the outbox rows queued,
 * or undefined when the update is the flows' to handle.
 */
export async function handleMyPurchases(
  tx: Tx,
  input: { bot: RuntimeBot; contact: ContactRow; event: RuntimeEvent; eventKey: string },
): Promise<number | undefined> {
  const { event } = input;
  if (event.kind === "callback" && event.data.startsWith(callbackPrefix))
    return resendPurchase(
      tx,
      input,
      event.data.slice(callbackPrefix.length),
      event.callbackQueryId,
    );
  if (event.kind !== "message" || parseCommand(event.text)?.name !== purchasesCommand)
    return undefined;
  if (flowStartsOnCommand(await botPublishedFlows(tx, input.bot.id), purchasesCommand))
    return undefined;
  return listPurchases(tx, input);
}

async function listPurchases(
  tx: Tx,
  input: { bot: RuntimeBot; contact: ContactRow; eventKey: string },
): Promise<number> {
  const { bot, contact } = input;
  const t = buyerTexts[buyerLocale(contact.languageCode)];
  const rows = await tx
    .select({ id: deliveries.id, status: deliveries.status, title: orders.title })
    .from(deliveries)
    .innerJoin(orders, eq(orders.id, deliveries.orderId))
    .where(and(eq(deliveries.contactId, contact.id), eq(deliveries.botId, bot.id)))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(listed);
  const label = (status: DeliveryRow["status"]) =>
    ({
      issued: "",
      expired: t.statusExpired,
      revoked: t.statusRevoked,
      pending: t.statusPending,
      failed: t.statusFailed,
    })[status];
  const call: TelegramCall = rows.length
    ? {
        method: "sendMessage",
        params: {
          chat_id: contact.channelUserId,
          text: t.purchasesTitle,
          reply_markup: {
            inline_keyboard: rows.map((r) => [
              {
                text: [short(r.title), label(r.status)].filter(Boolean).join(" · "),
                callback_data: `${callbackPrefix}${r.id}`,
              },
            ]),
          },
        },
      }
    : { method: "sendMessage", params: { chat_id: contact.channelUserId, text: t.purchasesEmpty } };
  return queue(tx, input, [call]);
}

async function resendPurchase(
  tx: Tx,
  input: { bot: RuntimeBot; contact: ContactRow; eventKey: string },
  deliveryId: string,
  callbackQueryId: string,
): Promise<number> {
  const { bot, contact } = input;
  const locale = buyerLocale(contact.languageCode);
  const t = buyerTexts[locale];
  const answer = (text?: string): TelegramCall => ({
    method: "answerCallbackQuery",
    params: { callback_query_id: callbackQueryId, ...(text ? { text } : {}) },
  });
  // The interpreter's lock order (session, then delivery), as issuing takes them.
  await tx
    .select({ contactId: sessions.contactId })
    .from(sessions)
    .where(eq(sessions.contactId, contact.id))
    .for("update");
  // Only the buyer's own deliveries in this bot: a forged button finds nothing.
  const [delivery] = /^[0-9a-f-]{36}$/i.test(deliveryId)
    ? await tx
        .select()
        .from(deliveries)
        .where(
          and(
            eq(deliveries.id, deliveryId),
            eq(deliveries.contactId, contact.id),
            eq(deliveries.botId, bot.id),
          ),
        )
        .for("update")
    : [];
  if (!delivery) return queue(tx, input, [answer(t.purchaseUnknown)]);
  const [order] = await tx
    .select({ title: orders.title })
    .from(orders)
    .where(eq(orders.id, delivery.orderId));
  const title = order?.title ?? "";
  const result = await resendOf(tx, delivery, contact, locale, title);
  if (result.set)
    await tx
      .update(deliveries)
      .set({ ...result.set, updatedAt: sql`now()` })
      .where(eq(deliveries.id, delivery.id));
  await recordJournal(tx, {
    workspaceId: delivery.workspaceId,
    actor: { type: "contact", id: contact.id },
    kind: "delivery.resent",
    botId: bot.id,
    contactId: contact.id,
    orderId: delivery.orderId,
    subjectId: delivery.id,
    data: { method: delivery.method, outcome: result.outcome, newToken: Boolean(result.set) },
  });
  const heading = `<b>${escapeHtml(title)}</b>`;
  return queue(tx, input, [
    answer(),
    htmlMessage(contact.channelUserId, [heading, ...result.lines]),
  ]);
}

/** What the delivery's method gives again, or why not. */
async function resendOf(
  tx: Tx,
  delivery: DeliveryRow,
  contact: ContactRow,
  locale: BuyerLocale,
  title: string,
): Promise<Resend> {
  const t = buyerTexts[locale];
  const say = (outcome: string, text: string): Resend => ({
    outcome,
    lines: [escapeHtml(text)],
  });
  if (delivery.status === "revoked") return say("revoked", t.resendRevoked(title));
  if (delivery.status === "pending" || delivery.status === "failed")
    return say("not_issued", t.resendNotIssued(title));
  const [product] = delivery.productId
    ? await tx.select().from(products).where(eq(products.id, delivery.productId))
    : [];
  // Channel access has no resend until its method brings one (a fresh invite link, say).
  const handler = deliveryMethodHandlers[delivery.method];
  if (!product || !handler?.resend) return say("ask_shop", t.resendAskShop(title));
  const settings = { ...resolveDelivery(product.kind, product.delivery), method: delivery.method };
  return handler.resend({ tx, delivery, product, settings, contact, locale, now: new Date() });
}

async function queue(
  tx: Tx,
  input: { bot: RuntimeBot; contact: ContactRow; eventKey: string },
  calls: TelegramCall[],
): Promise<number> {
  const { bot, contact } = input;
  await tx
    .insert(outbox)
    .values(
      calls.map((call, i) => ({
        workspaceId: bot.workspaceId,
        botId: bot.id,
        contactId: contact.id,
        kind: "telegram",
        chatId: contact.channelUserId,
        payload: { method: call.method, params: call.params },
        idempotencyKey: `${input.eventKey}#purchases:${i}`,
        priority: 0,
      })),
    )
    .onConflictDoNothing();
  return calls.length;
}

function short(title: string): string {
  return title.length > titleChars ? `${title.slice(0, titleChars - 1)}…` : title;
}
