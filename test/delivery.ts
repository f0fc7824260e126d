import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { deliveries, orders, products } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import {
  messageUpdate,
  successfulPaymentUpdate,
  type FakeTelegram,
  type PushableUpdate,
  type UpdateUser,
} from "./fakes/telegram";
import { deliveryFlow } from "./payments";
import { createRuntimeShop, type RuntimeShop } from "./runtime";

/**
 * A shop selling through the delivery flow (test/payments.ts `deliveryFlow`): products, buyers
 * brought to the Stars invoice with /start, and their payments sent through the real webhook.
 */
export interface DeliveryShop {
  shop: RuntimeShop;
  /** POSTs an update with a fresh update_id through the webhook route. */
  send(update: PushableUpdate): Promise<Response>;
  product(values: Partial<typeof products.$inferInsert>): Promise<typeof products.$inferSelect>;
  /** A new buyer (their own chat) at the product's invoice. */
  atInvoice(
    productId: string,
    /** `buyer`: an earlier buyer's chat, for a second purchase of theirs. */
    options?: { from?: UpdateUser; document?: FlowDocument; buyer?: number },
  ): Promise<{ buyer: number; order: typeof orders.$inferSelect }>;
  /** Telegram's successful_payment for the order, through the webhook. */
  pay(buyer: number, order: { id: string; amountMinor: number }): Promise<Response>;
  deliveryOf(orderId: string): Promise<typeof deliveries.$inferSelect>;
  /** The buyer as every update describes them. */
  userOf(buyer: number): UpdateUser | undefined;
}

let updateId = 70_000;
let chat = 71_000;

export async function createDeliveryShop(db: Db, telegram: FakeTelegram): Promise<DeliveryShop> {
  const shop = await createRuntimeShop(db, telegram);
  let flowId: string | undefined;
  const send = (update: PushableUpdate) => shop.deliver({ ...update, update_id: ++updateId });
  /** Each buyer as Telegram describes them in every update (the contact is refreshed from it). */
  const users = new Map<number, UpdateUser | undefined>();
  return {
    shop,
    send,
    async product(values) {
      const [row] = await db
        .insert(products)
        .values({
          workspaceId: shop.workspaceId,
          title: "Course",
          priceMinor: 50,
          currency: "XTR",
          kind: "course",
          ...values,
        })
        .returning();
      return row!;
    },
    async atInvoice(productId, options = {}) {
      ({ flowId } = await shop.publish(options.document ?? deliveryFlow(productId), flowId));
      const buyer = options.buyer ?? ++chat;
      if (!options.buyer) users.set(buyer, options.from);
      await send(messageUpdate({ chatId: buyer, text: "/start", from: users.get(buyer) }));
      await shop.drain();
      const [order] = await db
        .select()
        .from(orders)
        .where(and(eq(orders.productId, productId), eq(orders.status, "pending")))
        .orderBy(desc(orders.createdAt))
        .limit(1);
      return { buyer, order: order! };
    },
    pay: (buyer, order) =>
      send(
        successfulPaymentUpdate({
          chatId: buyer,
          currency: "XTR",
          totalAmount: order.amountMinor,
          payload: order.id,
          from: users.get(buyer),
          telegramPaymentChargeId: `stx-${order.id}`,
        }),
      ),
    userOf: (buyer) => users.get(buyer),
    async deliveryOf(orderId) {
      const [row] = await db.select().from(deliveries).where(eq(deliveries.orderId, orderId));
      return row!;
    },
  };
}
