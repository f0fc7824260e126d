import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bots, contacts, conversations, handoffs, journal, messages } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import { useTestDatabase } from "@/test/db";
import { callbackUpdate, messageUpdate } from "@/test/fakes/telegram";
import { addTestMember } from "@/test/members";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";
import {
  closeConversation,
  releaseConversation,
  replyToConversation,
  takeConversation,
  type Agent,
} from "./actions";

/*
 * Hand-off end to end: updates through the real webhook route, the sender through the fake
 * Telegram, agents through lib/inbox/actions. The promise under test: while a human holds the
 * chat, the bot sends nothing to it.
 */

const flow: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "menu",
      type: "buttons",
      position: { x: 300, y: 0 },
      config: { text: "Menu", buttons: [{ id: "human", text: "Talk to us" }] },
    },
    {
      id: "handoff",
      type: "handoff",
      position: { x: 600, y: 0 },
      config: { text: "Hold on, {{contact.first_name}}", note: "Asked from the menu" },
    },
    {
      id: "back",
      type: "message",
      position: { x: 900, y: 0 },
      config: { text: "The bot is back" },
    },
    {
      id: "later",
      type: "message",
      position: { x: 900, y: 200 },
      config: { text: "Picked up at a chosen node" },
    },
    { id: "hi", type: "trigger.keyword", position: { x: 0, y: 300 }, config: { keywords: ["hi"] } },
    { id: "hello", type: "message", position: { x: 300, y: 300 }, config: { text: "Hello!" } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "menu" },
    { id: "e2", source: "menu", sourceHandle: "human", target: "handoff" },
    { id: "e3", source: "handoff", sourceHandle: "released", target: "back" },
    { id: "e4", source: "hi", sourceHandle: "next", target: "hello" },
  ],
  variables: [],
};

describe("hand-off to a human", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let flowId: string;
  let agent: Agent;
  let other: Agent;
  let updateId = 5000;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
    ({ flowId } = await shop.publish(flow));
    const a = await addTestMember(db(), shop.workspaceId, "agent", "Agent A");
    const b = await addTestMember(db(), shop.workspaceId, "agent", "Agent B");
    agent = { workspaceId: shop.workspaceId, userId: a.userId };
    other = { workspaceId: shop.workspaceId, userId: b.userId };
  });

  const send = async (update: ReturnType<typeof messageUpdate>) => {
    const res = await shop.deliver({ ...update, update_id: ++updateId });
    expect(res.status).toBe(200);
    await shop.drain();
  };
  const say = (chat: number, text: string) =>
    send(messageUpdate({ chatId: chat, text, from: { id: chat, first_name: "Ann" } }));
  const press = async (chat: number, data: string) => {
    const menu = telegram().messagesIn(chat).at(-1)!;
    await send(
      callbackUpdate({
        chatId: chat,
        data,
        messageId: menu.message_id,
        from: { id: chat, first_name: "Ann" },
        bot: shop.fakeBot,
      }),
    );
  };
  const conversationOf = async (chat: number) => {
    const [row] = await db()
      .select({ conversation: conversations })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(contacts.botId, shop.botId), eq(contacts.channelUserId, String(chat))));
    return row!.conversation;
  };

  it("the handoff node tells the buyer, waits, and the bot answers nothing until an agent releases it", async () => {
    const chat = 701;
    await say(chat, "/start");
    await press(chat, "menu:human");
    expect(shop.texts(chat)).toEqual(["Menu", "Hold on, Ann"]);
    const waiting = await conversationOf(chat);
    expect(waiting.status).toBe("waiting");
    const [episode] = await db()
      .select()
      .from(handoffs)
      .where(eq(handoffs.conversationId, waiting.id));
    expect(episode).toMatchObject({
      source: "node",
      note: "Asked from the menu",
      resolvedAt: null,
    });

    // The buyer writes, even a keyword and a command the flow would answer: silence.
    const sentBefore = telegram().callsTo("sendMessage").length;
    const answeredBefore = telegram().callsTo("answerCallbackQuery").length;
    await say(chat, "hi");
    await say(chat, "/start");
    await press(chat, "menu:human");
    expect(telegram().callsTo("sendMessage")).toHaveLength(sentBefore);
    // The press is still answered, so the buyer's button stops spinning.
    expect(telegram().callsTo("answerCallbackQuery")).toHaveLength(answeredBefore + 1);
    // Unread: everything the buyer sent: /start, the press, and the three while waiting.
    expect((await conversationOf(chat)).unread).toBe(5);

    await takeConversation(db(), agent, waiting.id);
    await expect(takeConversation(db(), other, waiting.id)).rejects.toMatchObject({
      code: "conflict",
    });
    await replyToConversation(db(), agent, waiting.id, { text: "Hi Ann, how can I help?" });
    await shop.drain();
    expect(shop.texts(chat).at(-1)).toBe("Hi Ann, how can I help?");
    await say(chat, "hi");
    expect(shop.texts(chat).at(-1)).toBe("Hi Ann, how can I help?");

    await releaseConversation(db(), agent, waiting.id);
    await shop.drain();
    expect(shop.texts(chat).at(-1)).toBe("The bot is back");
    expect((await conversationOf(chat)).status).toBe("bot");
    await say(chat, "hi");
    expect(shop.texts(chat).at(-1)).toBe("Hello!");

    const [done] = await db().select().from(handoffs).where(eq(handoffs.id, episode!.id));
    expect(done).toMatchObject({ assigneeId: agent.userId, resolution: "released" });
    expect(done!.firstResponseAt!.getTime()).toBeGreaterThanOrEqual(done!.requestedAt.getTime());
    expect(done!.resolvedAt!.getTime()).toBeGreaterThanOrEqual(done!.firstResponseAt!.getTime());
  });

  it("keeps the whole history: the buyer's messages and presses, the bot's buttons, the agent's replies", async () => {
    const chat = 701;
    const c = await conversationOf(chat);
    const history = await db()
      .select()
      .from(messages)
      .where(eq(messages.contactId, c.contactId))
      .orderBy(asc(messages.id));
    const shown = history.map((m) => [m.author, m.text || m.content.pressed]);
    expect(shown.slice(0, 4)).toEqual([
      ["contact", "/start"],
      ["bot", "Menu"],
      ["contact", "menu:human"],
      ["bot", "Hold on, Ann"],
    ]);
    expect(history[1]!.content.buttons).toEqual([
      [{ text: "Talk to us", callback_data: "menu:human" }],
    ]);
    const reply = history.find((m) => m.author === "agent")!;
    expect(reply).toMatchObject({ text: "Hi Ann, how can I help?", agentId: agent.userId });
    expect(reply.telegramMessageId).toBeGreaterThan(0);
    expect(shown.at(-1)).toEqual(["bot", "Hello!"]);
    expect(c.lastMessageText).toBe("Hello!");
  });

  it("releases to a chosen node, and journals every move", async () => {
    const chat = 702;
    await say(chat, "/start");
    await press(chat, "menu:human");
    const c = await conversationOf(chat);
    await releaseConversation(db(), agent, c.id, { flowId, nodeId: "later" });
    await shop.drain();
    expect(shop.texts(chat).at(-1)).toBe("Picked up at a chosen node");
    const kinds = await db()
      .select({ kind: journal.kind })
      .from(journal)
      .where(eq(journal.subjectId, c.id))
      .orderBy(asc(journal.id));
    expect(kinds.map((k) => k.kind)).toEqual(["conversation.handoff", "conversation.released"]);
  });

  it("'/human' asks for a human without a flow; closing drops the wait and the bot answers again", async () => {
    const chat = 703;
    await say(chat, "/human");
    expect(shop.texts(chat)).toEqual(["A person from our team will answer you here shortly."]);
    const c = await conversationOf(chat);
    expect(c.status).toBe("waiting");
    // Asking again while waiting opens nothing new.
    await say(chat, "оператор");
    expect(shop.texts(chat)).toHaveLength(1);
    expect(
      await db().select().from(handoffs).where(eq(handoffs.conversationId, c.id)),
    ).toHaveLength(1);

    await closeConversation(db(), agent, c.id);
    expect((await conversationOf(chat)).status).toBe("closed");
    await say(chat, "hi");
    expect(shop.texts(chat).at(-1)).toBe("Hello!");
    // A closed conversation the buyer writes to again is the bot's.
    expect((await conversationOf(chat)).status).toBe("bot");
  });

  it("outside working hours tells the out-of-hours text, and tells the staff chat", async () => {
    await db()
      .update(bots)
      .set({
        support: {
          // No working day at all: always out of hours.
          workingHours: { timeZone: "Europe/Moscow", days: [], from: "09:00", to: "18:00" },
          outOfHoursText: "We are closed; we answer from 9:00 Moscow time.",
          staffChatId: "-100500",
        },
      })
      .where(eq(bots.id, shop.botId));
    // The webhook keeps the bot row for up to two seconds.
    await new Promise((r) => setTimeout(r, 2_100));
    const chat = 704;
    await say(chat, "/start");
    await press(chat, "menu:human");
    expect(shop.texts(chat).at(-1)).toBe("We are closed; we answer from 9:00 Moscow time.");
    const staff = shop.texts(-100500).at(-1)!;
    expect(staff).toContain("Ann asks for a human.");
    expect(staff).toContain("Asked from the menu");
    expect(staff).toContain(`/inbox?c=${(await conversationOf(chat)).id}`);
    // The staff message is not part of the buyer's history.
    const c = await conversationOf(chat);
    const texts = (
      await db().select().from(messages).where(eq(messages.contactId, c.contactId))
    ).map((m) => m.text);
    expect(texts.some((t) => t.includes("asks for a human"))).toBe(false);
    await db().update(bots).set({ support: {} }).where(eq(bots.id, shop.botId));
  });
});
