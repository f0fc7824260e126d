import "server-only";
import { and, eq } from "drizzle-orm";
import { GrammyError } from "grammy";
import type { Db } from "@/lib/db";
import { bots, contacts, orders } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { decryptSecret } from "@/lib/crypto/secrets";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { isCurrencyCode } from "@/lib/money/currency";
import { telegramApi } from "@/lib/telegram/client";
import { adapterFor } from "./adapters";
import { isPaid } from "./orders/status";
import type { Order } from "./orders/transition";
import { providerAccountById } from "./providers/accounts";
import { providerRefusal } from "./refusal";
import { settleOrder } from "./settle";

/**
 * Refunds a paid order in full from the order page or the API. The money goes back through
 * the provider first (Stripe and YooKassa with an idempotency key per order, so a double click
 * refunds once; Stars with refundStarPayment); only a refund the provider confirmed moves the
 * order to refunded. `external` records a refund made outside Botshop (Telegram Payments cannot
 * refund through the Bot API: the owner refunds in the provider's dashboard and marks it here).
 * What was delivered is revoked by the delivery code reacting to `order.refunded`.
 */
export async function refundOrder(
  db: Db,
  input: {
    workspaceId: string;
    orderId: string;
    actor: Actor;
    reason?: string;
    external?: boolean;
  },
): Promise<{ order: Order; pending: boolean }> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, input.orderId), eq(orders.workspaceId, input.workspaceId)));
  if (!order) throw notFound("Order");
  if (order.status === "refunded") return { order, pending: false };
  if (!isPaid(order.status))
    throw new ApiError(
      "conflict",
      `Only a paid order can be refunded; this one is ${order.status}`,
    );

  if (!input.external) {
    const outcome = await refundAtProvider(db, order);
    if (outcome === "pending") {
      await recordJournal(db, {
        workspaceId: order.workspaceId,
        actor: input.actor,
        kind: "order.refund_requested",
        botId: order.botId,
        contactId: order.contactId,
        orderId: order.id,
        data: { provider: order.provider, reason: input.reason },
      });
      return { order, pending: true };
    }
  }
  const { order: refunded } = await db.transaction((tx) =>
    settleOrder(tx, order.id, "refunded", {
      actor: input.actor,
      reason: input.external ? "refund.external" : "refund.requested",
      data: input.reason ? { note: input.reason } : {},
    }),
  );
  return { order: refunded, pending: false };
}

/** "done": the provider has returned the money; "pending": it will report when it has. */
async function refundAtProvider(db: Db, order: Order): Promise<"done" | "pending"> {
  switch (order.provider) {
    case "telegram":
      throw new ApiError(
        "conflict",
        "Telegram Payments cannot refund through the Bot API. Refund the payment in your payment provider's dashboard, then mark the order as refunded here.",
      );
    case "stars":
      return refundStars(db, order);
    case "stripe":
    case "yookassa": {
      const account = order.providerAccountId
        ? await providerAccountById(db, order.providerAccountId, order.provider)
        : null;
      if (!account || !order.providerPaymentId || !isCurrencyCode(order.currency))
        throw new ApiError(
          "conflict",
          "The payment provider account this order was paid through is no longer set up",
        );
      try {
        const adapter = adapterFor(account);
        // A refunded subscription must not charge the buyer again next period.
        if (order.subscriptionId) await adapter.cancelSubscription?.(order.subscriptionId);
        const result = await adapter.refund(
          {
            providerPaymentId: order.providerPaymentId,
            chargeId: order.chargeId ?? undefined,
            amountMinor: order.amountMinor,
            currency: order.currency,
          },
          `refund:${order.id}`,
        );
        if (result.status === "failed")
          throw new ApiError("unprocessable_entity", "The provider could not refund this payment");
        return result.status === "succeeded" ? "done" : "pending";
      } catch (err) {
        if (err instanceof ApiError) throw err;
        const refusal = providerRefusal(err);
        if (refusal)
          throw new ApiError("unprocessable_entity", `The provider refused: ${refusal}`, {
            cause: err,
          });
        throw new ApiError("service_unavailable", "The provider could not be reached; try again", {
          cause: err,
        });
      }
    }
  }
}

async function refundStars(db: Db, order: Order): Promise<"done"> {
  const [row] =
    order.botId && order.contactId
      ? await db
          .select({ token: bots.tokenEncrypted, userId: contacts.channelUserId })
          .from(bots)
          .innerJoin(contacts, eq(contacts.id, order.contactId))
          .where(eq(bots.id, order.botId))
      : [];
  if (!row || !order.chargeId)
    throw new ApiError("conflict", "The bot or the buyer of this order no longer exists");
  const api = telegramApi(decryptSecret(row.token));
  try {
    if (order.subscriptionId)
      // A refunded Star subscription must not renew: cancel it before giving the Stars back.
      await api.editUserStarSubscription(Number(row.userId), order.subscriptionId, true);
    await api.refundStarPayment(Number(row.userId), order.chargeId);
  } catch (err) {
    // Refunded already (by us a moment ago, or by Telegram's support): the money is back.
    if (err instanceof GrammyError && err.description.includes("CHARGE_ALREADY_REFUNDED"))
      return "done";
    if (err instanceof GrammyError && err.error_code < 500)
      throw new ApiError("unprocessable_entity", `Telegram refused: ${err.description}`, {
        cause: err,
      });
    throw new ApiError("service_unavailable", "Telegram could not be reached; try again", {
      cause: err,
    });
  }
  return "done";
}
