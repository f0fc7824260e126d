import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { deliveries, journal, orders } from "@/lib/db/schema";
import { call } from "@/test/http";
import { useTestDatabase } from "@/test/db";
import { createDeliveryShop, type DeliveryShop } from "@/test/delivery";
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
  let d: DeliveryShop;

  beforeAll(async () => {
    d = await createDeliveryShop(db(), telegram());
  });

  const press = (orderId: string) =>
    call(deliverRoute.POST, `/api/v1/orders/${orderId}/deliver`, {
      method: "POST",
      params: { id: orderId },
      headers: d.shop.owner.session,
    });

  it("delivers a held order once keys arrive; a second press sends nothing", async () => {
    const p = await d.product({
      title: "Game key",
      priceMinor: 5,
      kind: "license_key",
      stock: null,
      delivery: { outOfStock: "hold" },
    });
    const { buyer, order } = await d.atInvoice(p.id);
    await d.pay(buyer, order);
    await d.shop.drain();
    const [held] = await db().select().from(deliveries).where(eq(deliveries.orderId, order.id));
    expect(held).toMatchObject({ status: "failed", data: { reason: "out_of_stock" } });

    // The order page shows why.
    const page = await call(orderRoute.GET, `/api/v1/orders/${order.id}`, {
      params: { id: order.id },
      headers: d.shop.owner.session,
    });
    expect((await page.json()).delivery).toMatchObject({
      method: "license_key",
      status: "failed",
      reason: "out_of_stock",
      handling: "hold",
    });

    const added = await call(keysRoute.POST, `/api/v1/products/${p.id}/keys`, {
      method: "POST",
      params: { id: p.id },
      headers: d.shop.owner.session,
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
    await d.shop.drain();
    const withKey = () => d.shop.texts(buyer).filter((t) => t.includes("GAME-KEY-0001"));
    expect(withKey()).toHaveLength(1);
    const sentBefore = telegram().callsTo("sendMessage").length;

    const second = await press(order.id);
    expect(await second.json()).toMatchObject({ outcome: "delivered", already: true });
    await d.shop.drain();
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
    const p = await d.product({
      title: "Secret",
      priceMinor: 5,
      kind: "text",
      delivery: { secret: "NEVER-SENT" },
    });
    const { buyer, order } = await d.atInvoice(p.id);
    const res = await press(order.id);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain("Only a paid order");
    await d.shop.drain();
    expect(d.shop.texts(buyer).join("\n")).not.toContain("NEVER-SENT");
    expect(await db().select().from(deliveries).where(eq(deliveries.orderId, order.id))).toEqual(
      [],
    );
  });
});
