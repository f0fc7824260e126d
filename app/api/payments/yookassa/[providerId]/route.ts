import { NextResponse } from "next/server";
import { readBodyText } from "@/lib/api/body";
import { clientIp } from "@/lib/api/client-ip";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { wakeSender } from "@/lib/jobs/sender";
import { logger } from "@/lib/log";
import { observeWebhook, rejected } from "@/lib/metrics/webhook";
import { adapterFor } from "@/lib/payments/adapters";
import { applyProviderEvent } from "@/lib/payments/events";
import { providerAccountById } from "@/lib/payments/providers/accounts";
import { providerRefusal } from "@/lib/payments/refusal";
import {
  YOOKASSA_NOTIFICATION_MAX_BYTES,
  parseYookassaNotification,
} from "@/lib/payments/yookassa";
import { isYookassaAddress } from "@/lib/payments/yookassa/ip-ranges";
import { isUuid } from "@/lib/api/caller";

const error = (status: number, code: string, message: string) =>
  NextResponse.json({ error: { code, message } }, { status });

/**
 * YooKassa's notifications for one workspace's shop (DESIGN.md, Payments). They are unsigned,
 * so a notification is only a hint of which payment to look at: the payment is read back from
 * YooKassa's API with the shop's own keys, and that answer — never the notification's body —
 * moves the order. The published IP ranges are enforced when the owner turns that on (it needs
 * a reverse proxy that sets X-Forwarded-For, see docs/deployment.md). A failure to reach
 * YooKassa answers 503, and YooKassa repeats the notification.
 */
export const POST = observeWebhook("yookassa", yookassaWebhook);

async function yookassaWebhook(req: Request, ctx: { params: Promise<{ providerId: string }> }) {
  const { providerId } = await ctx.params;
  const db = await getDb();
  const account = isUuid(providerId) ? await providerAccountById(db, providerId, "yookassa") : null;
  const adapter = account && adapterFor(account);
  if (!account || !adapter)
    return error(404, "not_found", "No YooKassa shop is configured at this address");
  if (account.settings.enforceIpRanges && !isYookassaAddress(clientIp(req)))
    return rejected(
      "ip_range",
      error(403, "forbidden", "Notifications are accepted only from YooKassa's addresses"),
    );

  let raw;
  try {
    raw = await readBodyText(req, YOOKASSA_NOTIFICATION_MAX_BYTES);
  } catch (err) {
    if (err instanceof ApiError) return error(413, err.code, err.message);
    throw err;
  }
  const notification = parseYookassaNotification(raw);
  if (!notification.ok) {
    if (notification.reason === "unsupported_event")
      return NextResponse.json({ received: true, ignored: notification.event });
    return error(400, "bad_request", notification.message);
  }

  let payment;
  try {
    payment = await adapter.getPayment(notification.paymentId);
  } catch (err) {
    // YooKassa does not know this payment for this shop (a forgery, another shop's id): 400,
    // and nothing is retried. Only a failure to ask is worth YooKassa repeating.
    if (providerRefusal(err))
      return rejected(
        "unknown_payment",
        error(400, "unknown_payment", "This shop has no such payment"),
      );
    logger.warn(
      { providerId, paymentId: notification.paymentId, err },
      "yookassa payment read failed",
    );
    return error(503, "unavailable", "Could not confirm the payment with YooKassa; try again");
  }
  // The event is what the API says now: one record per payment and status, whoever reports it.
  const applied = await db.transaction((tx) =>
    applyProviderEvent(tx, {
      workspaceId: account.workspaceId,
      provider: "yookassa",
      event: {
        eventId: `${payment.providerPaymentId}:${payment.status}`,
        type: `payment.${payment.status}`,
        payment,
      },
      via: "webhook",
    }),
  );
  if (applied.queued) wakeSender();
  return NextResponse.json({ received: true });
}
