import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { deliveries, journal, orders, products } from "@/lib/db/schema";
import { call } from "@/test/http";
import { useTestDatabase } from "@/test/db";
import { messageUpdate, successfulPaymentUpdate, type PushableUpdate } from "@/test/fakes/telegram";
import { deliveryFlow } from "@/test/payments";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";
import * as deliverRoute from "@/app/api/v1/orders/[id]/deliver/route";
import * as orderRoute from "@/app/api/v1/orders/[id]/route";
import * as keysRoute from "@/app/api/v1/products/[id]/keys/route";

/*
 * Staff's "Deliver now" on the order page: a key order held because the pool was empty is
 * delivered once keys arrive, and pressing again sends nothing more.
 */
describe("POST /api/v1/orders/{id}/deliver", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let updateId = 500;
  let chat = 7700;
  let flowId: string | undefined;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
  });

  const send = (update: PushableUpdate) => shop.deliver({ ...update, update_id: ++updateId });

  async function atInvoice(productId: string) {
    ({ flowId } = await shop.publish(deliveryFlow(productId), flowId));
    const buyer = ++chat;
    await send(messageUpdate({ chatId: buyer, text: "/start" }));
    await shop.drain();
    const [order] = await db()
      .select()
      .from(orders)
      .where(and(eq(orders.productId, productId), eq(orders.status, "pending")))
      .orderBy(desc(orders.createdAt))
      .limit(1);
    return { buyer, order: order! };
  }

  const press = (orderId: string) =>
    call(deliverRoute.POST, `/api/v1/orders/${orderId}/deliver`, {
      method: "POST",
      params: { id: orderId },
      headers: shop.owner.session,
    });

  it("delivers a held order once keys arrive; a second press sends nothing", async () => {
    const [p] = await db()
      .insert(products)
      .values({
        workspaceId: shop.workspaceId,
        title: "Game key",
        priceMinor: 5,
        currency: "XTR",
        kind: "license_key",
        stock: null,
        delivery: { outOfStock: "hold" },
      })
      .returning();
    const { buyer, order } = await atInvoice(p!.id);
    await send(
      successfulPaymentUpdate({
        chatId: buyer,
        currency: "XTR",
        totalAmount: order.amountMinor,
        payload: order.id,
        telegramPaymentChargeId: `stx-${order.id}`,
      }),
    );
    await shop.drain();
    const [held] = await db().select().from(deliveries).where(eq(deliveries.orderId, order.id));
    expect(held).toMatchObject({ status: "failed", data: { reason: "out_of_stock" } });

    // The order page shows why.
    const page = await call(orderRoute.GET, `/api/v1/orders/${order.id}`, {
      params: { id: order.id },
      headers: shop.owner.session,
    });
    expect((await page.json()).delivery).toMatchObject({
      method: "license_key",
      status: "failed",
      reason: "out_of_stock",
      handling: "hold",
    });

    const added = await call(keysRoute.POST, `/api/v1/products/${p!.id}/keys`, {
      method: "POST",
      params: { id: p!.id },
      headers: shop.owner.session,
      body: { codes: ["GAME-KEY-0001"] },
    });
    expect(await added.json()).toMatchObject({ added: 1, stock: 1 });

    const first = await press(order.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      outcome: "delivered",
      already: false,
      reason: null,
      delivery: { status: "issued", method: "license_key" },
    });
    await shop.drain();
    const withKey = () => shop.texts(buyer).filter((t) => t.includes("GAME-KEY-0001"));
    expect(withKey()).toHaveLength(1);
    const sentBefore = telegram().callsTo("sendMessage").length;

    const second = await press(order.id);
    expect(await second.json()).toMatchObject({ outcome: "delivered", already: true });
    await shop.drain();
    expect(withKey()).toHaveLength(1);
    expect(telegram().callsTo("sendMessage")).toHaveLength(sentBefore);

    const [after] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(after!.status).toBe("fulfilled");
    const issued = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "delivery.issued")));
    expect(issued).toHaveLength(1);
    expect(issued[0]!.actorType).toBe("user");
  });

  it("refuses an unpaid order with 409 and issues nothing", async () => {
    const [p] = await db()
      .insert(products)
      .values({
        workspaceId: shop.workspaceId,
        title: "Secret",
        priceMinor: 5,
        currency: "XTR",
        kind: "text",
        delivery: { secret: "NEVER-SENT" },
      })
      .returning();
    const { buyer, order } = await atInvoice(p!.id);
    const res = await press(order.id);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain("Only a paid order");
    await shop.drain();
    expect(shop.texts(buyer).join("\n")).not.toContain("NEVER-SENT");
    expect(await db().select().from(deliveries).where(eq(deliveries.orderId, order.id))).toEqual(
      [],
    );
  });
});
