import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { bots, orders } from "@/lib/db/schema";
import { isCurrencyCode } from "@/lib/money/currency";
import { isUuid } from "@/lib/api/caller";
import { isOpen, isPaid } from "./status";

export interface PublicOrderStatus {
  title: string;
  amountMinor: number;
  currency: string | null;
  /** What the buyer should read: paid, still being confirmed, or not completed. */
  state: "paid" | "waiting" | "unpaid" | "refunded";
  botUsername: string | null;
}

/**
 * The little a buyer returning from a checkout page may see about their order (the address
 * holds the order's random id): what it is, whether the payment has arrived, and which bot to
 * go back to. Reading it never changes the order: only a verified provider event does.
 */
export async function publicOrderStatus(
  db: Db,
  orderId: string,
): Promise<PublicOrderStatus | null> {
  if (!isUuid(orderId)) return null;
  const [row] = await db
    .select({
      title: orders.title,
      amountMinor: orders.amountMinor,
      currency: orders.currency,
      status: orders.status,
      me: bots.telegramMe,
    })
    .from(orders)
    .leftJoin(bots, eq(bots.id, orders.botId))
    .where(eq(orders.id, orderId));
  if (!row) return null;
  const state = isPaid(row.status)
    ? "paid"
    : isOpen(row.status)
      ? "waiting"
      : row.status === "refunded"
        ? "refunded"
        : "unpaid";
  return {
    title: row.title,
    amountMinor: row.amountMinor,
    currency: isCurrencyCode(row.currency) ? row.currency : null,
    state,
    botUsername: row.me?.username ?? null,
  };
}
