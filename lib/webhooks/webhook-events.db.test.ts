import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contacts, webhookDeliveries } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import { POST as sendEventRoute } from "@/app/api/v1/events/route";
import { POST as eventTypesRoute } from "@/app/api/v1/event-types/route";
import { useTestDatabase } from "@/test/db";
import { messageUpdate } from "@/test/fakes/telegram";
import { call } from "@/test/http";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";
import { createEndpoint } from "./endpoints";

/*
 * The two webhook events that are not a journal entry of their own making: a new contact (from
 * the Telegram webhook) and an ERP event's first message reaching Telegram (from the sender).
 */

const flow: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    { id: "hi", type: "message", position: { x: 300, y: 0 }, config: { text: "Hi" } },
    {
      id: "ev",
      type: "trigger.event",
      position: { x: 0, y: 200 },
      config: { event: "parcel.shipped" },
    },
    { id: "m1", type: "message", position: { x: 300, y: 200 }, config: { text: "Shipped" } },
    { id: "m2", type: "message", position: { x: 600, y: 200 }, config: { text: "Track it" } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "hi" },
    { id: "e2", source: "ev", sourceHandle: "next", target: "m1" },
    { id: "e3", source: "m1", sourceHandle: "next", target: "m2" },
  ],
  variables: [],
};

describe("contact.created and event.delivered webhooks", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let endpointId: string;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
    await shop.publish(flow);
    const { row } = await createEndpoint(db(), {
      workspaceId: shop.workspaceId,
      endpoint: {
        url: "https://erp.example.com/hooks",
        description: "",
        events: ["contact.created", "event.delivered"],
      },
      actor: { type: "system" },
    });
    endpointId = row.id;
    const declared = await call(eventTypesRoute, "/api/v1/event-types", {
      method: "POST",
      headers: shop.owner.apiKey,
      body: { name: "parcel.shipped", fields: [] },
    });
    expect(declared.status).toBe(201);
  });

  const queued = () =>
    db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId))
      .orderBy(webhookDeliveries.id);

  it("a new contact is announced once, not on their next message", async () => {
    for (const [updateId, text] of [
      [1, "/start"],
      [2, "hello again"],
    ] as const) {
      const res = await shop.deliver({
        ...messageUpdate({ chatId: 501, text, from: { id: 501, first_name: "Ann" } }),
        update_id: updateId,
      });
      expect(res.status).toBe(200);
    }
    const rows = await queued();
    expect(rows.map((r) => r.event)).toEqual(["contact.created"]);
    const payload = rows[0]!.payload as { data: { contact: { firstName: string } } };
    expect(payload.data.contact.firstName).toBe("Ann");
  });

  it("an ERP event is announced when its first message reaches Telegram, once", async () => {
    await db()
      .update(contacts)
      .set({ externalId: "1C-7" })
      .where(eq(contacts.channelUserId, "501"));
    await shop.drain();
    const res = await call(sendEventRoute, "/api/v1/events", {
      method: "POST",
      headers: { ...shop.owner.apiKey, "idempotency-key": "ship-1" },
      body: {
        type: "parcel.shipped",
        customer: { externalId: "1C-7" },
        data: {},
        occurredAt: "2026-11-24T09:43:05Z",
      },
    });
    expect(res.status).toBe(202);
    const { event } = (await res.json()) as { event: { id: string } };
    expect((await queued()).map((r) => r.event)).toEqual(["contact.created"]);
    await shop.drain();
    await shop.drain();
    expect(shop.texts(501)).toContain("Track it");
    const rows = (await queued()).filter((r) => r.event === "event.delivered");
    expect(rows).toHaveLength(1);
    const payload = rows[0]!.payload as {
      id: string;
      type: string;
      data: { event: { id: string; messageId: number; customer: { externalId: string } } };
    };
    expect(payload.type).toBe("event.delivered");
    expect(payload.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.data.event).toMatchObject({
      id: event.id,
      type: "parcel.shipped",
      customer: { externalId: "1C-7" },
    });
    const first = telegram()
      .messagesIn(501)
      .find((m) => "text" in m && m.text === "Shipped");
    expect(payload.data.event.messageId).toBe(first!.message_id);
  });
});
