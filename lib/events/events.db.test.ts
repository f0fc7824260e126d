import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts, externalEvents, workspaces } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import { startSender } from "@/lib/jobs/sender";
import { POST as sendEventRoute } from "@/app/api/v1/events/route";
import { GET as getEventRoute } from "@/app/api/v1/events/[id]/route";
import { POST as linkCodeRoute } from "@/app/api/v1/link-codes/route";
import { POST as eventTypesRoute } from "@/app/api/v1/event-types/route";
import { useTestDatabase } from "@/test/db";
import { messageUpdate } from "@/test/fakes/telegram";
import { call } from "@/test/http";
import { createRuntimeShop, unlimitedSendLimits, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";
import { createApiKey } from "@/lib/api-keys/keys";

/*
 * The shop's accounting system (1C) pushes "payout credited" for a customer; the customer's
 * linked chat gets the message. Through the real routes, the webhook and the fake Telegram.
 */

const flow: FlowDocument = {
  version: 1,
  nodes: [
    {
      id: "payout",
      type: "trigger.event",
      position: { x: 0, y: 0 },
      config: { event: "payout.credited" },
    },
    {
      id: "tell",
      type: "message",
      position: { x: 300, y: 0 },
      config: {
        text: "Выплата {{event.amount | money}} за {{event.material}} зачислена на {{event.method}} {{event.time | time}}",
      },
    },
    { id: "start", type: "trigger.start", position: { x: 0, y: 200 }, config: {} },
    {
      id: "phone",
      type: "contact.request",
      position: { x: 300, y: 200 },
      config: { text: "Share your phone to get payout notices", buttonText: "Share" },
    },
    {
      id: "thanks",
      type: "message",
      position: { x: 600, y: 200 },
      config: { text: "Thanks!" },
    },
  ],
  edges: [
    { id: "e1", source: "payout", sourceHandle: "next", target: "tell" },
    { id: "e2", source: "start", sourceHandle: "next", target: "phone" },
    { id: "e3", source: "phone", sourceHandle: "shared", target: "thanks" },
  ],
  variables: [],
};

const payout = {
  amount: 14500,
  currency: "RUB",
  method: "карту",
  material: "лом меди",
  time: "2026-11-24T09:43:00Z",
};
const expected = "Выплата 14\u00a0500\u00a0₽ за лом меди зачислена на карту 12:43 МСК";

describe("events from the shop's system", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let headers: Record<string, string>;
  let updateId = 9000;
  let keyN = 0;
  let stopSender: () => Promise<void>;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
    await shop.publish(flow);
    await db()
      .update(workspaces)
      .set({ timeZone: "Europe/Moscow" })
      .where(eq(workspaces.id, shop.workspaceId));
    headers = shop.owner.apiKey;
    const declared = await call(eventTypesRoute, "/api/v1/event-types", {
      method: "POST",
      headers,
      body: {
        name: "payout.credited",
        fields: [
          { name: "amount", type: "money" },
          { name: "currency", type: "string" },
          { name: "method", type: "string" },
          { name: "material", type: "string", required: false },
          { name: "time", type: "datetime" },
        ],
      },
    });
    expect(declared.status).toBe(201);
    // The real loop: replies leave on the route's wake-up, as in production.
    stopSender = startSender(db(), { api: shop.api, limits: unlimitedSendLimits, pollMs: 5_000 });
  });
  afterAll(() => stopSender());

  const chatOf = async (chat: number, languageCode = "ru") => {
    await shop.deliver({
      ...messageUpdate({
        chatId: chat,
        text: "/start",
        from: { id: chat, first_name: "Иван", language_code: languageCode },
      }),
      update_id: ++updateId,
    });
    const [contact] = await db()
      .select()
      .from(contacts)
      .where(and(eq(contacts.botId, shop.botId), eq(contacts.channelUserId, String(chat))));
    return contact!;
  };
  const send = (body: unknown, key = `1c-${++keyN}`, as = headers) =>
    call(sendEventRoute, "/api/v1/events", {
      method: "POST",
      headers: { ...as, "idempotency-key": key },
      body,
    });
  const status = async (id: string) =>
    (
      (await (
        await call(getEventRoute, `/api/v1/events/${id}`, { headers, params: { id } })
      ).json()) as { event: { status: string; messageId: number | null; reason: string | null } }
    ).event;
  /** The fake has the message a moment before the sender marks its row sent. */
  const delivered = async (id: string) => {
    const until = Date.now() + 1_000;
    let event = await status(id);
    while (event.status !== "delivered" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 10));
      event = await status(id);
    }
    return event;
  };
  const waitForText = async (chat: number, text: string, ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (shop.texts(chat).includes(text)) return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return shop.texts(chat).includes(text);
  };

  it("reaches the linked customer's chat within a second, formatted in their language and zone", async () => {
    const contact = await chatOf(801);
    await db().update(contacts).set({ externalId: "1C-000123" }).where(eq(contacts.id, contact.id));
    const res = await send({
      type: "payout.credited",
      customer: { externalId: "1C-000123" },
      data: payout,
      occurredAt: "2026-11-24T09:43:05+00:00",
    });
    expect(res.status).toBe(202);
    const { event } = (await res.json()) as { event: { id: string; status: string } };
    expect(await waitForText(801, expected, 1_000)).toBe(true);
    const done = await delivered(event.id);
    expect(done.status).toBe("delivered");
    expect(done.messageId).toBe(telegram().messagesIn(801).at(-1)!.message_id);
  });

  it("a repeated Idempotency-Key sends one message and returns the first event; another body is refused", async () => {
    const contact = await chatOf(802);
    await db().update(contacts).set({ externalId: "1C-802" }).where(eq(contacts.id, contact.id));
    const body = {
      type: "payout.credited",
      customer: { externalId: "1C-802" },
      data: payout,
      occurredAt: "2026-11-24T09:43:05Z",
    };
    const [a, b] = await Promise.all([send(body, "same-key"), send(body, "same-key")]);
    const third = await send(body, "same-key");
    const ids = await Promise.all([a, b, third].map(async (r) => (await r.json()).event.id));
    expect(new Set(ids).size).toBe(1);
    expect([a, b, third].map((r) => r.status)).toEqual([202, 202, 202]);
    expect(third.headers.get("idempotent-replayed")).toBe("true");
    await waitForText(802, expected, 1_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(shop.texts(802).filter((t) => t === expected)).toHaveLength(1);

    const other = await send({ ...body, data: { ...payout, amount: 1 } }, "same-key");
    expect(other.status).toBe(409);
  });

  it("an event for a phone nobody linked waits, and arrives when the customer shares that phone", async () => {
    const res = await send({
      type: "payout.credited",
      customer: { phone: "8 (912) 555-01-02" },
      data: payout,
      occurredAt: "2026-11-24T09:43:05Z",
    });
    expect(res.status).toBe(202);
    const { event } = (await res.json()) as { event: { id: string; status: string } };
    expect(event.status).toBe("unlinked");

    await chatOf(803);
    expect(await waitForText(803, "Share your phone to get payout notices", 1_000)).toBe(true);
    await shop.deliver({
      update_id: ++updateId,
      message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 803, type: "private", first_name: "Иван" },
        from: { id: 803, is_bot: false, first_name: "Иван", language_code: "ru" },
        contact: { phone_number: "79125550102", first_name: "Иван", user_id: 803 },
      },
    });
    expect(await waitForText(803, expected, 1_000)).toBe(true);
    expect((await delivered(event.id)).status).toBe("delivered");
  });

  it("links by a one-time code from the deep link, and hands over what waited", async () => {
    const waiting = await send({
      type: "payout.credited",
      customer: { externalId: "1C-804" },
      data: payout,
      occurredAt: "2026-11-24T09:43:05Z",
    });
    const { event } = (await waiting.json()) as { event: { id: string } };
    const res = await call(linkCodeRoute, "/api/v1/link-codes", {
      method: "POST",
      headers,
      body: { customer: { externalId: "1C-804" } },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { code: string; links: { url: string }[] };
    expect(created.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const payload = new URL(created.links[0]!.url).searchParams.get("start");
    await shop.deliver({
      ...messageUpdate({
        chatId: 804,
        text: `/start ${payload}`,
        from: { id: 804, first_name: "Пётр", language_code: "ru" },
      }),
      update_id: ++updateId,
    });
    expect(
      await waitForText(
        804,
        "Готово: этот чат связан с вашим аккаунтом. Уведомления будут приходить сюда.",
        1_000,
      ),
    ).toBe(true);
    expect(await waitForText(804, expected, 1_000)).toBe(true);
    expect((await delivered(event.id)).status).toBe("delivered");
    // The code is used up: typing it again is just a message.
    const [linked] = await db()
      .select({ externalId: contacts.externalId })
      .from(contacts)
      .where(eq(contacts.channelUserId, "804"));
    expect(linked!.externalId).toBe("1C-804");
  });

  it("refuses an undeclared type, data that does not fit, and a missing key, recording nothing", async () => {
    const before = (await db().select({ n: count() }).from(externalEvents))[0]!.n;
    const undeclared = await send({
      type: "payout.unknown",
      customer: { externalId: "x" },
      data: {},
      occurredAt: "2026-11-24T09:43:05Z",
    });
    expect(undeclared.status).toBe(422);
    const wrong = await send({
      type: "payout.credited",
      customer: { externalId: "x" },
      data: { ...payout, amount: "a lot", time: "yesterday" },
      occurredAt: "2026-11-24T09:43:05Z",
    });
    expect(wrong.status).toBe(422);
    const body = (await wrong.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toEqual(["data.amount", "data.time"]);
    const noKey = await call(sendEventRoute, "/api/v1/events", {
      method: "POST",
      headers,
      body: {
        type: "payout.credited",
        customer: { externalId: "x" },
        data: payout,
        occurredAt: "2026-11-24T09:43:05Z",
      },
    });
    expect(noKey.status).toBe(400);
    expect((await db().select({ n: count() }).from(externalEvents))[0]!.n).toBe(before);
  });

  it("test events reach test contacts only", async () => {
    const real = await chatOf(805);
    const tester = await chatOf(806);
    await db().update(contacts).set({ externalId: "1C-805" }).where(eq(contacts.id, real.id));
    await db()
      .update(contacts)
      .set({ externalId: "1C-806", test: true })
      .where(eq(contacts.id, tester.id));
    const toReal = await send({
      type: "payout.credited",
      customer: { externalId: "1C-805" },
      data: payout,
      occurredAt: "2026-11-24T09:43:05Z",
      test: true,
    });
    const toTester = await send({
      type: "payout.credited",
      customer: { externalId: "1C-806" },
      data: payout,
      occurredAt: "2026-11-24T09:43:05Z",
      test: true,
    });
    expect(await waitForText(806, expected, 1_000)).toBe(true);
    const refused = await status(((await toReal.json()) as { event: { id: string } }).event.id);
    expect(refused).toMatchObject({ status: "failed", reason: "not_a_test_contact" });
    expect(shop.texts(805)).not.toContain(expected);
    expect((await toTester.json()).event.status).toBe("received");
  });

  it("an agent's API key cannot send events", async () => {
    const { key } = await createApiKey(db(), {
      workspaceId: shop.workspaceId,
      name: "agent key",
      role: "agent",
      actor: { type: "system" },
    });
    const res = await send(
      {
        type: "payout.credited",
        customer: { externalId: "x" },
        data: payout,
        occurredAt: "2026-11-24T09:43:05Z",
      },
      "agent-key",
      { authorization: `Bearer ${key}` },
    );
    expect(res.status).toBe(403);
  });
});
