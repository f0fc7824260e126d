import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { useFakeTelegram } from "@/test/telegram";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { call } from "@/test/http";
import { addTestMember, type TestMember } from "@/test/members";
import { callbackUpdate, messageUpdate } from "@/test/fakes/telegram";
import type { FlowDocument } from "@/lib/flow/document";
import { contacts, conversations, messages, orders } from "@/lib/db/schema";
import { resetInboxHubForTests } from "@/lib/inbox/live";
import * as list from "@/app/api/v1/conversations/route";
import * as one from "@/app/api/v1/conversations/[id]/route";
import * as thread from "@/app/api/v1/conversations/[id]/messages/route";
import * as take from "@/app/api/v1/conversations/[id]/take/route";
import * as reply from "@/app/api/v1/conversations/[id]/reply/route";
import * as release from "@/app/api/v1/conversations/[id]/release/route";
import * as close from "@/app/api/v1/conversations/[id]/close/route";
import * as read from "@/app/api/v1/conversations/[id]/read/route";
import * as targets from "@/app/api/v1/conversations/[id]/release-targets/route";
import * as files from "@/app/api/v1/conversations/[id]/files/route";
import * as stream from "@/app/api/v1/inbox/stream/route";

/**
 * The inbox through its routes, with the real webhook and the fake Telegram: buyers write, ask
 * for a human and press buttons; agents list, search, take, answer (text, buttons, files),
 * release and close; and the event stream tells the browser.
 */

/** start → buttons (help) → handoff → (released) → "Welcome back". */
const supportFlow: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: { payload: "" } },
    {
      id: "menu",
      type: "buttons",
      position: { x: 200, y: 0 },
      config: { text: "How can we help?", buttons: [{ id: "help", text: "Talk to us" }] },
    },
    {
      id: "hand",
      type: "handoff",
      position: { x: 400, y: 0 },
      config: { text: "", note: "Wants a refund" },
    },
    {
      id: "back",
      type: "message",
      position: { x: 600, y: 0 },
      config: { text: "Welcome back" },
    },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "menu" },
    { id: "e2", source: "menu", sourceHandle: "help", target: "hand" },
    { id: "e3", source: "hand", sourceHandle: "released", target: "back" },
  ],
  variables: [],
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("the inbox API", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let agent: TestMember;
  let flowId: string;
  let update = 1000;
  const ANNA = 5001;
  const BORIS = 5002;
  const VERA = 5003;

  const send = (chatId: number, text: string, first_name: string) =>
    shop.deliver({ ...messageUpdate({ chatId, text, from: { first_name } }), update_id: ++update });
  const press = async (chatId: number, data: string) => {
    const sent = telegram().messagesIn(chatId, shop.fakeBot.token).at(-1)!;
    return shop.deliver({
      ...callbackUpdate({ chatId, data, messageId: sent.message_id, bot: shop.fakeBot }),
      update_id: ++update,
    });
  };
  const conversationOf = async (chatId: number) => {
    const [row] = await db()
      .select({ id: conversations.id, status: conversations.status })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(eq(contacts.channelUserId, String(chatId)));
    return row!;
  };
  const get = async (
    handler: typeof list.GET,
    path: string,
    who: Record<string, string>,
    opts: { params?: Record<string, string>; query?: Record<string, string> } = {},
  ) => {
    const res = await call(handler, path, { headers: who, ...opts });
    expect(res.status, path).toBe(200);
    return (await res.json()) as Json;
  };
  const post = (
    handler: typeof take.POST,
    id: string,
    action: string,
    who: Record<string, string>,
    body?: unknown,
  ) =>
    call(handler, `/api/v1/conversations/${id}/${action}`, {
      method: "POST",
      headers: who,
      params: { id },
      body,
    });

  beforeAll(async () => {
    resetInboxHubForTests();
    shop = await createRuntimeShop(db(), telegram());
    ({ flowId } = await shop.publish(supportFlow));
    agent = await addTestMember(db(), shop.workspaceId, "agent", "Alice Agent");
    // Anna presses "Talk to us" (the flow hands her over), Boris asks with /human, Vera only
    // says hello; Boris shares a phone.
    await send(ANNA, "/start", "Anna");
    await shop.drain();
    await press(ANNA, "menu:help");
    await send(ANNA, "I want my money back", "Anna");
    await send(BORIS, "/human", "Boris");
    await send(VERA, "/start", "Vera");
    await shop.drain();
    await db()
      .update(contacts)
      .set({ phone: "+7 999 123-45-67", tags: ["vip"] })
      .where(eq(contacts.channelUserId, String(BORIS)));
  });

  it("lists conversations by tab, with counts, and searches names, phones and texts", async () => {
    const anna = await conversationOf(ANNA);
    const boris = await conversationOf(BORIS);
    const vera = await conversationOf(VERA);
    expect([anna.status, boris.status, vera.status]).toEqual(["waiting", "waiting", "bot"]);

    const waiting = await get(list.GET, "/api/v1/conversations", agent.session, {
      query: { filter: "waiting" },
    });
    expect(waiting.data.map((c: Json) => c.contact.name).sort()).toEqual(["Anna", "Boris"]);
    expect(waiting.counts.waiting).toEqual({ total: 2, unread: 2 });
    expect(waiting.counts.all.total).toBe(3);
    expect(waiting.counts.mine.total).toBe(0);
    const annaRow = waiting.data.find((c: Json) => c.contact.name === "Anna");
    expect(annaRow.lastMessageText).toBe("A person from our team will answer you here shortly.");
    expect(annaRow.waitingSince).not.toBeNull();

    const search = async (q: string) =>
      (
        await get(list.GET, "/api/v1/conversations", agent.session, { query: { filter: "all", q } })
      ).data.map((c: Json) => c.contact.name);
    expect(await search("money")).toEqual(["Anna"]);
    expect(await search("123-45")).toEqual(["Boris"]);
    expect(await search("ver")).toEqual(["Vera"]);
    expect(await search("100%")).toEqual([]);

    const taken = await post(take.POST, boris.id, "take", agent.session, {});
    expect(taken.status).toBe(200);
    expect((await taken.json()).conversation.assignee.name).toBe("Alice Agent");
    const mine = await get(list.GET, "/api/v1/conversations", agent.session, {
      query: { filter: "mine" },
    });
    expect(mine.data.map((c: Json) => c.contact.name)).toEqual(["Boris"]);
    expect(mine.counts.unassigned.total).toBe(1);
    // The owner does not hold it: not theirs, and taking it needs takeOver.
    const ownerMine = await get(list.GET, "/api/v1/conversations", shop.owner.session, {
      query: { filter: "mine" },
    });
    expect(ownerMine.data).toEqual([]);
    expect((await post(take.POST, boris.id, "take", shop.owner.session, {})).status).toBe(409);
  });

  it("shows the thread with the buttons the buyer saw and the label of the one pressed", async () => {
    const anna = await conversationOf(ANNA);
    const body = await get(thread.GET, `/api/v1/conversations/${anna.id}/messages`, agent.session, {
      params: { id: anna.id },
    });
    const shown = body.data.map((m: Json) => [m.author, m.text, m.pressed?.label ?? null]);
    expect(shown).toEqual([
      ["contact", "/start", null],
      ["bot", "How can we help?", null],
      ["contact", "", "Talk to us"],
      ["contact", "I want my money back", null],
      // The hand-off notice, recorded when Telegram accepted it.
      ["bot", "A person from our team will answer you here shortly.", null],
    ]);
    expect(body.data[1].buttons[0][0]).toMatchObject({ text: "Talk to us" });
    expect(body.nextBefore).toBeNull();

    const page = await get(thread.GET, `/api/v1/conversations/${anna.id}/messages`, agent.session, {
      params: { id: anna.id },
      query: { limit: "2" },
    });
    expect(page.data.map((m: Json) => m.author)).toEqual(["contact", "bot"]);
    const older = await get(
      thread.GET,
      `/api/v1/conversations/${anna.id}/messages`,
      agent.session,
      {
        params: { id: anna.id },
        query: { limit: "2", before: String(page.nextBefore) },
      },
    );
    expect(older.data.map((m: Json) => m.text)).toEqual(["How can we help?", ""]);
  });

  it("shows the contact card: orders, where the flow waits, the hand-off note", async () => {
    const anna = await conversationOf(ANNA);
    const [contact] = await db()
      .select()
      .from(contacts)
      .where(eq(contacts.channelUserId, String(ANNA)));
    await db().insert(orders).values({
      workspaceId: shop.workspaceId,
      botId: shop.botId,
      contactId: contact!.id,
      title: "Course",
      productKind: "file",
      amountMinor: 49900,
      currency: "RUB",
      provider: "stars",
      status: "paid",
      idempotencyKey: "inbox-test-order",
    });
    const card = await get(one.GET, `/api/v1/conversations/${anna.id}`, agent.session, {
      params: { id: anna.id },
    });
    expect(card.contact.firstName).toBe("Anna");
    expect(card.orders).toMatchObject([{ title: "Course", status: "paid" }]);
    expect(card.session).toMatchObject({
      flowId,
      flowName: "Flow",
      waiting: "handoff",
      node: { id: "hand", type: "handoff", label: { en: "Hand off to agent" } },
    });
    expect(card.handoff).toMatchObject({ source: "node", note: "Wants a refund" });

    const where = await get(
      targets.GET,
      `/api/v1/conversations/${anna.id}/release-targets`,
      agent.session,
      {
        params: { id: anna.id },
      },
    );
    expect(where.waiting.node.id).toBe("hand");
    expect(where.flows[0].nodes.map((n: Json) => n.id)).toEqual(["menu", "hand", "back"]);
  });

  it("replies with variables and quick buttons; a press comes back as the button's text", async () => {
    const anna = await conversationOf(ANNA);
    const sent = await post(reply.POST, anna.id, "reply", agent.session, {
      text: "Hi {{contact.first_name}}, shall I refund you?",
      clientKey: "r1",
      buttons: [{ text: "Yes, refund" }, { text: "Terms", url: "https://example.com/terms" }],
    });
    expect(sent.status).toBe(202);
    expect(await sent.json()).toEqual({ queued: true });
    // The same clientKey again sends nothing.
    const again = await post(reply.POST, anna.id, "reply", agent.session, {
      text: "Hi {{contact.first_name}}, shall I refund you?",
      clientKey: "r1",
    });
    expect(await again.json()).toEqual({ queued: false });
    await shop.drain();
    expect(shop.texts(ANNA).at(-1)).toBe("Hi Anna, shall I refund you?");
    const keyboard = telegram().messagesIn(ANNA, shop.fakeBot.token).at(-1)!.reply_markup;
    expect(keyboard?.inline_keyboard).toEqual([
      [{ text: "Yes, refund", callback_data: "q:Yes, refund" }],
      [{ text: "Terms", url: "https://example.com/terms" }],
    ]);
    expect((await conversationOf(ANNA)).status).toBe("assigned");

    await press(ANNA, "q:Yes, refund");
    await shop.drain();
    const body = await get(thread.GET, `/api/v1/conversations/${anna.id}/messages`, agent.session, {
      params: { id: anna.id },
    });
    const last = body.data.slice(-2);
    expect(last[0]).toMatchObject({ author: "agent", agent: { name: "Alice Agent" } });
    expect(last[1]).toMatchObject({
      author: "contact",
      text: "Yes, refund",
      pressed: { data: "q:Yes, refund", label: "Yes, refund" },
    });
    // The bot stayed quiet; the press was answered.
    expect(shop.texts(ANNA).at(-1)).toBe("Hi Anna, shall I refund you?");
    const answered = telegram().callsTo("answerCallbackQuery", shop.fakeBot.token);
    expect(answered.length).toBeGreaterThanOrEqual(2);

    const summary = await get(one.GET, `/api/v1/conversations/${anna.id}`, agent.session, {
      params: { id: anna.id },
    });
    expect(summary.conversation.unread).toBeGreaterThan(0);
    expect((await post(read.POST, anna.id, "read", agent.session)).status).toBe(204);
    const after = await get(one.GET, `/api/v1/conversations/${anna.id}`, agent.session, {
      params: { id: anna.id },
    });
    expect(after.conversation.unread).toBe(0);
  });

  it("sends a file as the agent and records it in the thread", async () => {
    const anna = await conversationOf(ANNA);
    const res = await call(files.POST, `/api/v1/conversations/${anna.id}/files`, {
      method: "POST",
      params: { id: anna.id },
      headers: { ...agent.session, "content-type": "application/pdf", "x-file-name": "refund.pdf" },
      body: "%PDF-1.7 the refund form",
    });
    expect(res.status).toBe(202);
    await shop.drain();
    const docs = telegram().callsTo("sendDocument", shop.fakeBot.token);
    expect(docs.at(-1)?.params.chat_id).toBe(String(ANNA));
    const [recorded] = await db()
      .select()
      .from(messages)
      .where(eq(messages.author, "agent"))
      .orderBy(messages.id)
      .then((rows) => rows.filter((m) => m.content.file));
    expect(recorded?.content.file).toMatchObject({
      name: "refund.pdf",
      mimeType: "application/pdf",
    });
    const body = await get(thread.GET, `/api/v1/conversations/${anna.id}/messages`, agent.session, {
      params: { id: anna.id },
    });
    expect(body.data.at(-1)).toMatchObject({ author: "agent", file: { name: "refund.pdf" } });
  });

  it("releases back to the bot where the flow waited, and closes", async () => {
    const anna = await conversationOf(ANNA);
    const released = await post(release.POST, anna.id, "release", agent.session, {});
    expect(released.status).toBe(200);
    await shop.drain();
    expect(shop.texts(ANNA).at(-1)).toBe("Welcome back");
    expect((await conversationOf(ANNA)).status).toBe("bot");
    expect((await post(release.POST, anna.id, "release", agent.session, {})).status).toBe(409);

    const boris = await conversationOf(BORIS);
    expect((await post(close.POST, boris.id, "close", agent.session)).status).toBe(204);
    expect((await conversationOf(BORIS)).status).toBe("closed");
    const closed = await get(list.GET, "/api/v1/conversations", agent.session, {
      query: { filter: "closed" },
    });
    expect(closed.data.map((c: Json) => c.contact.name)).toEqual(["Boris"]);
  });

  it("refuses actions from an API key (a conversation is answered by a person)", async () => {
    const vera = await conversationOf(VERA);
    const res = await post(take.POST, vera.id, "take", shop.owner.apiKey, {});
    expect(res.status).toBe(403);
  });

  it("streams an event once a reply commits", async () => {
    const vera = await conversationOf(VERA);
    const controller = new AbortController();
    const req = new Request("http://localhost:3000/api/v1/inbox/stream", {
      headers: agent.session,
      signal: controller.signal,
    });
    const res = await stream.GET(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain(": connected");

    const replied = await post(reply.POST, vera.id, "reply", agent.session, {
      text: "Hello from support",
      clientKey: "stream-1",
    });
    expect(replied.status).toBe(202);
    const deadline = Date.now() + 5000;
    while (!text.includes(vera.id) && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<{ value: undefined }>((r) => setTimeout(() => r({ value: undefined }), 250)),
      ]);
      if (chunk.value) text += decoder.decode(chunk.value);
    }
    expect(text).toContain(`data: {"conversationId":"${vera.id}"}`);
    controller.abort();
    const end = await reader.read();
    expect(end.done).toBe(true);
  });
});
