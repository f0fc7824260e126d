import { describe, expect, it } from "vitest";
import type { PreviewMessage, PreviewResult } from "@/lib/runtime/preview-schema";
import { chatReducer, emptyChat, type Chat } from "./preview-chat";

const bubble = (text: string, extra: Partial<PreviewMessage> = {}): PreviewMessage => ({
  text,
  parseMode: null,
  media: null,
  inlineKeyboard: null,
  replyKeyboard: null,
  removeKeyboard: false,
  ...extra,
});

const result = (extra: Partial<PreviewResult>): PreviewResult => ({
  session: { flowVersionId: "draft", nodeId: null, waitingFor: null, variables: {}, step: 1 },
  contact: {
    firstName: "Anna",
    lastName: null,
    username: null,
    languageCode: null,
    phone: null,
    tags: [],
    fields: {},
  },
  messages: [],
  notes: [],
  visited: [],
  waitingFor: null,
  variables: {},
  ...extra,
});

const shown = (chat: Chat) =>
  chat.items.map((i) =>
    i.kind === "user"
      ? `user:${i.text}`
      : i.kind === "bot"
        ? `bot:${i.message.text}`
        : `note:${i.note.kind}`,
  );

describe("chatReducer", () => {
  it("puts each note after the messages sent before it", () => {
    const chat = chatReducer(
      chatReducer(emptyChat, { type: "user", text: "/start", action: false }),
      {
        type: "result",
        result: result({
          messages: [bubble("one"), bubble("two")],
          notes: [
            { kind: "contact", after: 0, addTags: ["a"], removeTags: [], fields: {}, phone: null },
            { kind: "notify", after: 1, chatId: "-1", text: "hi" },
            { kind: "timer", after: 2, nodeId: "w", since: 1, delayMs: 60_000 },
          ],
        }),
      },
    );
    expect(shown(chat)).toEqual([
      "user:/start",
      "note:contact",
      "bot:one",
      "note:notify",
      "bot:two",
      "note:timer",
    ]);
    expect(new Set(chat.items.map((i) => i.key)).size).toBe(chat.items.length);
    expect(chat.session?.step).toBe(1);
  });

  it("keeps the last reply keyboard, folds it after use and drops it when removed", () => {
    const rows = [[{ text: "Red", requestContact: false }]];
    let chat = chatReducer(emptyChat, {
      type: "result",
      result: result({ messages: [bubble("Pick", { replyKeyboard: rows })] }),
    });
    expect(chat.keyboard).toEqual({ rows, hidden: false });
    chat = chatReducer(chat, { type: "user", text: "Red", action: false });
    expect(chat.keyboard).toEqual({ rows, hidden: true });
    chat = chatReducer(chat, { type: "keyboard", hidden: false });
    expect(chat.keyboard?.hidden).toBe(false);
    chat = chatReducer(chat, {
      type: "result",
      result: result({ messages: [bubble("✓", { removeKeyboard: true })] }),
    });
    expect(chat.keyboard).toBeNull();
    expect(chatReducer(chat, { type: "reset" })).toBe(emptyChat);
  });
});
