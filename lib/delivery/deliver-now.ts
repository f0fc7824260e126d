import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { bots, orders } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { decryptSecret } from "@/lib/crypto/secrets";
import type { Actor } from "@/lib/journal/record";
import { isPaid } from "@/lib/payments/orders/status";
import { telegramApi } from "@/lib/telegram/client";
import { deliverOrder, type DeliverOutcome } from "./issue";
import { DeferDelivery, RetryDelivery } from "./method";

/**
 * Staff pressing "Deliver now" (or "Deliver again") on a paid order: issues through the same
 * exactly-once path as the flow, so a second press answers "already delivered" and sends
 * nothing. The caller wakes the sender for the messages it queued.
 */
export async function deliverNow(
  db: Db,
  input: { workspaceId: string; orderId: string; actor: Actor },
): Promise<DeliverOutcome> {
  const [order] = await db
    .select({ status: orders.status, botId: orders.botId })
    .from(orders)
    .where(and(eq(orders.id, input.orderId), eq(orders.workspaceId, input.workspaceId)));
  if (!order) throw notFound("Order");
  if (!isPaid(order.status))
    throw new ApiError(
      "conflict",
      `Only a paid order can be delivered; this one is ${order.status}`,
    );
  return deliverOrder(db, {
    ...input,
    // Only methods that call Telegram (a channel invite) need the bot; most never ask.
    api: async () => {
      const [bot] = order.botId
        ? await db.select({ token: bots.tokenEncrypted }).from(bots).where(eq(bots.id, order.botId))
        : [];
      if (!bot) throw new ApiError("conflict", "The bot that sold this order was deleted");
      return telegramApi(decryptSecret(bot.token));
    },
  }).catch((err: unknown) => {
    // Telegram busy or briefly away: staff hear so at once; the delivery stays pending and the
    // next press takes it up.
    if (err instanceof DeferDelivery || err instanceof RetryDelivery)
      throw new ApiError("service_unavailable", `Not delivered yet (${err.message}). Try again`, {
        headers: {
          "retry-after": String(err instanceof DeferDelivery ? Math.ceil(err.seconds) : 5),
        },
        cause: err,
      });
    throw err;
  });
}
