import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bots,
  contacts,
  conversations,
  inboundEvents,
  messages,
  outbox,
  sessions,
} from "@/lib/db/schema";
import { encryptSecret, randomToken } from "@/lib/crypto/secrets";
import type { FlowDocument } from "@/lib/flow/document";
import { useTestDatabase } from "@/test/db";
import { callbackUpdate, messageUpdate, telegramFailures } from "@/test/fakes/telegram";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";

/*
 * The runtime end to end, without a browser: updates go through the real webhook route (secret
 * header, dedupe, one transaction), the sender drains the outbox through grammY's Api into the
 * fake Telegram, and the tests read what the buyer would have seen.
 */

const shopFlow: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "hello",
      type: "message",
      position: { x: 300, y: 0 },
      config: { text: "Hi <b>{{contact.first_name}}</b>!", format: "html" },
    },
    {
      id: "menu",
      type: "buttons",
      position: { x: 600, y: 0 },
      config: {
        text: "What would you like?",
        buttons: [
          { id: "buy", text: "Buy the book" },
          { id: "help", text: "Help", sameRow: true },
        ],
      },
    },
    {
      id: "email",
      type: "ask",
      position: { x: 900, y: 0 },
      config: {
        text: "Your email?",
        answer: "email",
        variable: "email",
        retries: 1,
        retryText: "That is not an email",
      },
    },
    {
      id: "thanks",
      type: "message",
      position: { x: 1200, y: 0 },
      config: { text: "Thanks, the book goes to {{email}}" },
    },
    {
      id: "sorry",
      type: "message",
      position: { x: 1200, y: 200 },
      config: { text: "Sorry, we need an email" },
    },
    {
      id: "support",
      type: "message",
      position: { x: 900, y: 200 },
      config: { text: "Write to support@example.com" },
    },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "hello" },
    { id: "e2", source: "hello", sourceHandle: "next", target: "menu" },
    { id: "e3", source: "menu", sourceHandle: "buy", target: "email" },
    { id: "e4", source: "menu", sourceHandle: "help", target: "support" },
    { id: "e5", source: "email", sourceHandle: "next", target: "thanks" },
    { id: "e6", source: "email", sourceHandle: "invalid", target: "sorry" },
  ],
  variables: [{ name: "email", type: "string" }],
};

describe("the Telegram webhook", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let updateId = 1000;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
    await shop.publish(shopFlow);
  });

  const send = (update: ReturnType<typeof messageUpdate>) =>
    shop.deliver({ ...update, update_id: ++updateId });
  const drain = () => shop.drain();
  const texts = (chatId: number) => shop.texts(chatId);

  it("refuses a wrong or missing secret before reading the body, and records nothing", async () => {
    const before = await db().select({ n: count() }).from(inboundEvents);
    const wrong = await shop.deliver(
      { ...messageUpdate({ chatId: 1, text: "/start" }), update_id: 1 },
      "nope",
    );
    expect(wrong.status).toBe(401);
    const req = new Request(`http://localhost/api/telegram/${shop.botId}`, {
      method: "POST",
      body: "not json",
    });
    const { POST } = await import("@/app/api/telegram/[botId]/route");
    const missing = await POST(req, { params: Promise.resolve({ botId: shop.botId }) });
    expect(missing.status).toBe(401);
    const unknownBot = await POST(
      new Request("http://localhost/api/telegram/x", {
        method: "POST",
        headers: { "x-telegram-bot-api-secret-token": shop.secret },
        body: "{}",
      }),
      { params: Promise.resolve({ botId: "00000000-0000-4000-8000-000000000000" }) },
    );
    expect(unknownBot.status).toBe(401);
    const after = await db().select({ n: count() }).from(inboundEvents);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("answers 400 to a body that is not an update, and changes nothing", async () => {
    const { POST } = await import("@/app/api/telegram/[botId]/route");
    for (const body of ["not json", JSON.stringify({ message: { text: "no update_id" } })]) {
      const res = await POST(
        new Request(`http://localhost/api/telegram/${shop.botId}`, {
          method: "POST",
          headers: { "x-telegram-bot-api-secret-token": shop.secret },
          body,
        }),
        { params: Promise.resolve({ botId: shop.botId }) },
      );
      expect(res.status).toBe(400);
    }
    expect((await db().select({ n: count() }).from(outbox))[0]!.n).toBe(0);
  });

  it("holds a ten-update conversation: greeting, buttons, wrong and right answers, help, a stale press", async () => {
    const chat = 501;
    const from = { id: chat, first_name: "Ann <3" };
    expect(
      (await send(messageUpdate({ chatId: chat, text: "/start ads_spring", from }))).status,
    ).toBe(200);
    await drain();
    expect(texts(chat)).toEqual(["Hi Ann <3!", "What would you like?"]);
    const hello = telegram().callsTo("sendMessage").at(-2)!;
    // The name is escaped for HTML; the author's <b> is not.
    expect(hello.params).toMatchObject({ text: "Hi <b>Ann &lt;3</b>!", parse_mode: "HTML" });
    const menu = telegram().messagesIn(chat).at(-1)!;
    expect(menu.reply_markup?.inline_keyboard).toEqual([
      [
        { text: "Buy the book", callback_data: "menu:buy" },
        { text: "Help", callback_data: "menu:help" },
      ],
    ]);

    const press = callbackUpdate({
      chatId: chat,
      data: "menu:buy",
      messageId: menu.message_id,
      from,
      bot: shop.fakeBot,
    });
    await send(press);
    await drain();
    expect(
      telegram()
        .callsTo("answerCallbackQuery")
        .map((c) => c.params.callback_query_id),
    ).toContain(press.callback_query!.id);
    expect(texts(chat).at(-1)).toBe("Your email?");

    await send(messageUpdate({ chatId: chat, text: "ann at example", from }));
    await drain();
    expect(texts(chat).at(-1)).toBe("That is not an email");

    await send(messageUpdate({ chatId: chat, text: "Ann@Example.com", from }));
    await drain();
    expect(texts(chat).at(-1)).toBe("Thanks, the book goes to ann@example.com");

    // Back to the menu, this time for help.
    await send(messageUpdate({ chatId: chat, text: "/start", from }));
    await drain();
    const secondMenu = telegram().messagesIn(chat).at(-1)!;
    await send(
      callbackUpdate({
        chatId: chat,
        data: "menu:help",
        messageId: secondMenu.message_id,
        from,
        bot: shop.fakeBot,
      }),
    );
    await drain();
    expect(texts(chat).at(-1)).toBe("Write to support@example.com");

    // A press on the first menu, long gone: answered, and nothing else happens.
    const stale = callbackUpdate({
      chatId: chat,
      data: "menu:buy",
      messageId: menu.message_id,
      from,
      bot: shop.fakeBot,
    });
    const before = texts(chat).length;
    await send(stale);
    // Small talk no flow listens to: no answer.
    await send(messageUpdate({ chatId: chat, text: "thanks!", from }));
    await drain();
    expect(texts(chat)).toHaveLength(before);
    expect(
      telegram()
        .callsTo("answerCallbackQuery")
        .map((c) => c.params.callback_query_id),
    ).toContain(stale.callback_query!.id);

    // And once more through to the email question.
    await send(messageUpdate({ chatId: chat, text: "/start", from }));
    await drain();
    const thirdMenu = telegram().messagesIn(chat).at(-1)!;
    await send(
      callbackUpdate({
        chatId: chat,
        data: "menu:buy",
        messageId: thirdMenu.message_id,
        from,
        bot: shop.fakeBot,
      }),
    );
    await drain();
    expect(texts(chat).at(-1)).toBe("Your email?");

    const [contact] = await db()
      .select()
      .from(contacts)
      .where(eq(contacts.channelUserId, String(chat)));
    // The first deep link is the one attribution keeps.
    expect(contact).toMatchObject({ firstName: "Ann <3", startPayload: "ads_spring" });
    const [session] = await db().select().from(sessions).where(eq(sessions.contactId, contact!.id));
    expect(session).toMatchObject({
      nodeId: "email",
      waitingFor: { kind: "answer", nodeId: "email" },
    });
  });

  it("runs one chat's updates one after another, even when they arrive together", async () => {
    const chat = 506;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => send(messageUpdate({ chatId: chat, text: "/start" }))),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await drain();
    expect(texts(chat)).toHaveLength(20);
    const [contact] = await db()
      .select()
      .from(contacts)
      .where(eq(contacts.channelUserId, String(chat)));
    const [session] = await db().select().from(sessions).where(eq(sessions.contactId, contact!.id));
    // Each update saw the session the one before it left: no step was lost.
    expect(session!.step).toBe(10);
  });

  it("replies once to an update Telegram delivers twice", async () => {
    const chat = 502;
    const update = { ...messageUpdate({ chatId: chat, text: "/start" }), update_id: ++updateId };
    expect((await shop.deliver(update)).status).toBe(200);
    expect((await shop.deliver(update)).status).toBe(200);
    await Promise.all([drain(), drain()]);
    expect(texts(chat)).toEqual(["Hi Test!", "What would you like?"]);
  });

  it("a new buyer's update delivered twice at once: one contact, one inbox message, one reply", async () => {
    const chat = 507;
    const update = { ...messageUpdate({ chatId: chat, text: "/start" }), update_id: ++updateId };
    const answers = await Promise.all([shop.deliver(update), shop.deliver(update)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await drain();
    expect(texts(chat)).toEqual(["Hi Test!", "What would you like?"]);
    const buyer = await db()
      .select()
      .from(contacts)
      .where(eq(contacts.channelUserId, String(chat)));
    expect(buyer).toHaveLength(1);
    const [conversation] = await db()
      .select()
      .from(conversations)
      .where(eq(conversations.contactId, buyer[0]!.id));
    expect(conversation!.unread).toBe(1);
    const incoming = await db()
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.contactId, buyer[0]!.id), eq(messages.direction, "in")));
    expect(incoming).toEqual([{ text: "/start" }]);
  });

  it("answers 50 chats at once, each its own conversation", async () => {
    const chats = Array.from({ length: 50 }, (_, i) => 1000 + i);
    const responses = await Promise.all(
      chats.map((chat) =>
        send(
          messageUpdate({
            chatId: chat,
            text: "/start",
            from: { id: chat, first_name: `U${chat}` },
          }),
        ),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await drain();
    for (const chat of chats) expect(texts(chat)).toEqual([`Hi U${chat}!`, "What would you like?"]);
  });

  it("sends a committed reply exactly once after the process died before sending it", async () => {
    const chat = 503;
    // The webhook committed (the reply is an outbox row), then the process died: no drain.
    await send(messageUpdate({ chatId: chat, text: "/start" }));
    expect(texts(chat)).toEqual([]);
    // A new process starts and drains; a second drain finds nothing left.
    await drain();
    await drain();
    expect(texts(chat)).toEqual(["Hi Test!", "What would you like?"]);
  });

  it("waits exactly retry_after on a 429, then sends", async () => {
    const chat = 504;
    telegram().failNext("sendMessage", telegramFailures.tooManyRequests(1));
    await send(messageUpdate({ chatId: chat, text: "/start" }));
    await drain();
    expect(texts(chat)).toEqual([]);
    const [row] = await db()
      .select()
      .from(outbox)
      .where(eq(outbox.chatId, String(chat)))
      .orderBy(outbox.id)
      .limit(1);
    const waits = row!.notBefore.getTime() - Date.now();
    expect(waits).toBeGreaterThan(500);
    expect(waits).toBeLessThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, waits + 50));
    await drain();
    expect(texts(chat)[0]).toBe("Hi Test!");
  });

  it("marks the contact blocked on a 403 and sends nothing more", async () => {
    const chat = 505;
    telegram().setBlocked(chat);
    await send(messageUpdate({ chatId: chat, text: "/start" }));
    await drain();
    const [contact] = await db()
      .select()
      .from(contacts)
      .where(eq(contacts.channelUserId, String(chat)));
    expect(contact!.blocked).toBe(true);
    const rows = await db()
      .select()
      .from(outbox)
      .where(eq(outbox.chatId, String(chat)));
    expect(rows.map((r) => r.status).sort()).toEqual(["cancelled", "failed"]);
  });

  it("keeps each contact on one branch of an A/B split", async () => {
    await shop.publish({
      version: 1,
      nodes: [
        { id: "ab", type: "trigger.command", position: { x: 0, y: 0 }, config: { command: "ab" } },
        { id: "split", type: "split", position: { x: 300, y: 0 }, config: {} },
        { id: "a", type: "message", position: { x: 600, y: 0 }, config: { text: "A" } },
        { id: "b", type: "message", position: { x: 600, y: 200 }, config: { text: "B" } },
      ],
      edges: [
        { id: "1", source: "ab", sourceHandle: "next", target: "split" },
        { id: "2", source: "split", sourceHandle: "a", target: "a" },
        { id: "3", source: "split", sourceHandle: "b", target: "b" },
      ],
      variables: [],
    });
    const chats = Array.from({ length: 20 }, (_, i) => 2000 + i);
    for (let round = 0; round < 3; round++)
      for (const chat of chats) await send(messageUpdate({ chatId: chat, text: "/ab" }));
    await drain();
    const branches = chats.map((chat) => new Set(texts(chat)));
    expect(branches.every((b) => b.size === 1)).toBe(true);
    expect(new Set(branches.map((b) => [...b][0]))).toEqual(new Set(["A", "B"]));
  });

  it("stores the contact as the nodes left it, each change in order", async () => {
    await shop.publish({
      version: 1,
      nodes: [
        { id: "t", type: "trigger.command", position: { x: 0, y: 0 }, config: { command: "vip" } },
        {
          id: "off",
          type: "tag",
          position: { x: 200, y: 0 },
          config: { action: "remove", tags: ["vip"] },
        },
        {
          id: "on",
          type: "tag",
          position: { x: 400, y: 0 },
          config: { action: "add", tags: ["vip"] },
        },
      ],
      edges: [
        { id: "1", source: "t", sourceHandle: "next", target: "off" },
        { id: "2", source: "off", sourceHandle: "next", target: "on" },
      ],
      variables: [],
    });
    await send(messageUpdate({ chatId: 3001, text: "/vip" }));
    const [contact] = await db()
      .select({ tags: contacts.tags })
      .from(contacts)
      .where(eq(contacts.channelUserId, "3001"));
    // Removed, then added again: the contact has the tag, as the nodes after them saw it.
    expect(contact!.tags).toEqual(["vip"]);
  });

  it("takes a new webhook secret at once, though the bot's row was read moments before", async () => {
    const other = await createRuntimeShop(db(), telegram());
    await other.publish(shopFlow);
    const first = await other.deliver({
      ...messageUpdate({ chatId: 96_001, text: "/start" }),
      update_id: ++updateId,
    });
    expect(first.status).toBe(200);
    const rotated = randomToken(32);
    await db()
      .update(bots)
      .set({ webhookSecretEncrypted: encryptSecret(rotated) })
      .where(eq(bots.id, other.botId));
    const next = await other.deliver(
      { ...messageUpdate({ chatId: 96_001, text: "/start" }), update_id: ++updateId },
      rotated,
    );
    expect(next.status).toBe(200);
    await other.drain();
  });
});
