import { beforeAll, describe, expect, it } from "vitest";
import type { FlowDocument } from "@/lib/flow/document";
import { useTestDatabase } from "@/test/db";
import { callbackUpdate, messageUpdate } from "@/test/fakes/telegram";
import { createTestAccount } from "@/test/http";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";
import { listUnanswered, repeatedQuestions } from "./unanswered";

/*
 * An faq node through the real webhook and the fake Telegram: what it answers, and what it
 * cannot answer landing in the journal and in the owners' list of unanswered questions.
 */

const support: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "faq",
      type: "faq",
      position: { x: 300, y: 0 },
      config: {
        prompt: "Задайте вопрос",
        entries: [
          {
            question: "Как получить файл?",
            keywords: ["доставка, получить, скачать"],
            answer: "Файл придёт сюда сразу после оплаты.",
          },
          { question: "Возврат", keywords: ["возврат", "вернуть деньги"], answer: "14 дней." },
        ],
      },
    },
    {
      id: "agent",
      type: "message",
      position: { x: 600, y: 100 },
      config: { text: "Передаём вопрос человеку." },
    },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "faq" },
    { id: "e2", source: "faq", sourceHandle: "answered", target: "faq" },
    { id: "e3", source: "faq", sourceHandle: "fallback", target: "agent" },
  ],
  variables: [],
};

describe("unanswered faq questions", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let updateId = 5000;
  const anna = { first_name: "Anna", last_name: "K." };
  const boris = { first_name: "", username: "boris" };

  const say = async (chatId: number, text: string, from: object) => {
    const res = await shop.deliver({
      ...messageUpdate({ chatId, text, from }),
      update_id: ++updateId,
    });
    expect(res.status).toBe(200);
    await shop.drain();
  };

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
    await shop.publish(support);
  });

  it("answers what it recognises, by words or by a tapped question, and lists nothing", async () => {
    await say(701, "/start", anna);
    await say(701, "Не могу скачать файлы", anna);
    const res = await shop.deliver({
      ...callbackUpdate({ chatId: 701, data: "faq:1", messageId: 1, bot: shop.fakeBot }),
      update_id: ++updateId,
    });
    expect(res.status).toBe(200);
    await shop.drain();
    expect(shop.texts(701)).toEqual([
      "Задайте вопрос",
      "Файл придёт сюда сразу после оплаты.",
      "Задайте вопрос",
      "14 дней.",
      "Задайте вопрос",
    ]);
    expect((await listUnanswered(db(), shop.workspaceId)).questions).toEqual([]);
  });

  it("journals a question it cannot answer, takes the fallback, and lists it newest first", async () => {
    await say(701, "Какая у вас погода?", anna);
    expect(shop.texts(701).slice(-1)).toEqual(["Передаём вопрос человеку."]);
    await say(702, "/start", boris);
    await say(702, "Есть скидки?", boris);
    await say(702, "/start", boris);
    await say(702, "  какая у вас ПОГОДА ", boris);

    const { questions, repeated } = await listUnanswered(db(), shop.workspaceId);
    expect(
      questions.map(({ text, contactName, botName, nodeId }) => ({
        text,
        contactName,
        botName,
        nodeId,
      })),
    ).toEqual([
      {
        text: "какая у вас ПОГОДА",
        contactName: "@boris",
        botName: `@${shop.fakeBot.username}`,
        nodeId: "faq",
      },
      {
        text: "Есть скидки?",
        contactName: "@boris",
        botName: `@${shop.fakeBot.username}`,
        nodeId: "faq",
      },
      {
        text: "Какая у вас погода?",
        contactName: "Anna K.",
        botName: `@${shop.fakeBot.username}`,
        nodeId: "faq",
      },
    ]);
    expect(
      questions.every((q) => q.botId === shop.botId && q.contactId && q.at instanceof Date),
    ).toBe(true);
    expect(repeated).toEqual([{ text: "какая у вас ПОГОДА", count: 2, lastAt: questions[0]!.at }]);
  });

  it("keeps to the workspace and the limit", async () => {
    const other = await createTestAccount(db());
    expect(await listUnanswered(db(), other.workspaceId)).toEqual({ questions: [], repeated: [] });
    const { questions } = await listUnanswered(db(), shop.workspaceId, { limit: 1 });
    expect(questions.map((q) => q.text)).toEqual(["какая у вас ПОГОДА"]);
  });
});

describe("repeatedQuestions", () => {
  const q = (text: string, minute: number) => ({
    id: minute,
    at: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    text,
    nodeId: "faq",
    contactId: null,
    contactName: null,
    botId: null,
    botName: null,
  });

  it("groups the same words, most asked first, then the most recent; drops one-offs and empties", () => {
    // Newest first, as listUnanswered reads them.
    const groups = repeatedQuestions([
      q("Где файл?", 9),
      q("👍", 8),
      q("👍", 7),
      q("скидки", 6),
      q("где ФАЙЛ", 5),
      q("Скидки!", 4),
      q("где файл", 3),
      q("одно", 2),
    ]);
    expect(groups).toEqual([
      { text: "Где файл?", count: 3, lastAt: q("", 9).at },
      { text: "скидки", count: 2, lastAt: q("", 6).at },
    ]);
  });
});
