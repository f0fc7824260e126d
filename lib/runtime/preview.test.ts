import { describe, expect, it } from "vitest";
import type { FlowDocument } from "@/lib/flow/document";
import {
  defaultPreviewContact,
  describeEffects,
  previewChatId,
  runPreview,
  toMessage,
} from "./preview";
import { previewResultSchema } from "./preview-schema";
import type { Effect } from "./types";
import { parseSupportSettings } from "@/lib/inbox/settings";

const contact = defaultPreviewContact("Anna Maria Petrova", "ru");
const now = Date.UTC(2026, 0, 15, 12);

describe("defaultPreviewContact", () => {
  it("takes the first word as the first name, or says Preview", () => {
    expect(contact).toMatchObject({
      firstName: "Anna",
      lastName: "Maria Petrova",
      languageCode: "ru",
      tags: [],
      fields: {},
    });
    expect(defaultPreviewContact("  ")).toMatchObject({ firstName: "Preview", lastName: null });
    expect(defaultPreviewContact(undefined).firstName).toBe("Preview");
  });
});

describe("toMessage", () => {
  it("reads text, parse mode and both kinds of keyboard", () => {
    expect(
      toMessage("sendMessage", {
        chat_id: previewChatId,
        text: "<b>Hi</b>",
        parse_mode: "HTML",
        reply_markup: {
          inline_keyboard: [
            [
              { text: "Go", callback_data: "n:go" },
              { text: "Site", url: "https://x.test" },
            ],
          ],
        },
      }),
    ).toEqual({
      text: "<b>Hi</b>",
      parseMode: "HTML",
      media: null,
      inlineKeyboard: [
        [
          { text: "Go", data: "n:go" },
          { text: "Site", url: "https://x.test" },
        ],
      ],
      replyKeyboard: null,
      removeKeyboard: false,
    });
    expect(
      toMessage("sendMessage", {
        text: "Pick",
        reply_markup: {
          keyboard: [[{ text: "Red" }], [{ text: "Phone", request_contact: true }]],
          one_time_keyboard: true,
        },
      })?.replyKeyboard,
    ).toEqual([
      [{ text: "Red", requestContact: false }],
      [{ text: "Phone", requestContact: true }],
    ]);
    expect(
      toMessage("sendMessage", { text: "✓", reply_markup: { remove_keyboard: true } })
        ?.removeKeyboard,
    ).toBe(true);
  });

  it("turns a media call into a bubble with its caption", () => {
    expect(
      toMessage("sendPhoto", {
        photo: "https://x.test/a.png",
        caption: "A cat",
        parse_mode: "MarkdownV2",
      }),
    ).toMatchObject({
      text: "A cat",
      parseMode: "MarkdownV2",
      media: { kind: "photo", source: "https://x.test/a.png" },
    });
  });

  it("shows nothing for calls a chat does not display", () => {
    expect(toMessage("answerCallbackQuery", { callback_query_id: "1" })).toBeUndefined();
    expect(toMessage("sendMessage", { text: 42 })).toBeUndefined();
  });
});

describe("describeEffects", () => {
  const send = (text: string, chatId = previewChatId): Effect => ({
    kind: "telegram",
    chatId,
    call: { method: "sendMessage", params: { chat_id: chatId, text } },
  });

  it("keeps notes in their place among the messages", () => {
    const { messages, notes } = describeEffects(
      [
        send("one"),
        {
          kind: "telegram",
          chatId: previewChatId,
          call: { method: "answerCallbackQuery", params: {} },
        },
        send("New order", "-100200300"),
        send("two"),
        { kind: "timer", due: now + 90_000, nodeId: "w", since: 3 },
      ],
      contact,
      now,
    );
    expect(messages.map((m) => m.text)).toEqual(["one", "two"]);
    expect(notes).toEqual([
      { kind: "notify", after: 1, chatId: "-100200300", text: "New order" },
      { kind: "timer", after: 2, nodeId: "w", since: 3, delayMs: 90_000 },
    ]);
  });

  it("shows the hand-off notice the buyer would get: node text, bot text, then built-in", () => {
    const handoff = (text: string): Effect => ({ kind: "handoff", text, note: "" });
    const notice = (text: string, support?: Parameters<typeof describeEffects>[3]) =>
      describeEffects([handoff(text)], contact, now, support).messages.map((m) => m.text);
    const settings = parseSupportSettings({ handoffText: "Зову менеджера" });
    expect(notice("Node says hi", settings)).toEqual(["Node says hi"]);
    expect(notice("", settings)).toEqual(["Зову менеджера"]);
    // The stand-in contact speaks Russian: the built-in text is the Russian one.
    expect(notice("")).toEqual(["Передаю вас оператору — он скоро ответит здесь."]);
    const closed = parseSupportSettings({
      outOfHoursText: "We are closed",
      workingHours: { timeZone: "UTC", days: [6, 7], from: "09:00", to: "10:00" },
    });
    expect(notice("Node says hi", closed)).toEqual(["We are closed"]);
  });

  it("applies tag, field and phone changes to the contact in order", () => {
    const { contact: after, notes } = describeEffects(
      [
        { kind: "contact", addTags: ["lead", "vip"] },
        { kind: "contact", removeTags: ["lead"] },
        { kind: "contact", fields: { city: "Kazan" } },
        { kind: "contact", phone: "+79001234567" },
      ],
      { ...contact, tags: ["old"], fields: { plan: "basic" } },
      now,
    );
    expect(after).toMatchObject({
      tags: ["old", "vip"],
      fields: { plan: "basic", city: "Kazan" },
      phone: "+79001234567",
    });
    expect(notes[0]).toEqual({
      kind: "contact",
      after: 0,
      addTags: ["lead", "vip"],
      removeTags: [],
      fields: {},
      phone: null,
    });
  });

  it("describes http requests without making them, and journal entries as warnings", () => {
    const { notes } = describeEffects(
      [
        {
          kind: "http",
          nodeId: "h",
          since: 2,
          request: { method: "GET", url: "https://api.test/x", headers: {}, timeoutSeconds: 10 },
        },
        { kind: "journal", type: "runtime.step_limit", data: { nodeId: "loop", steps: 100 } },
      ],
      contact,
      now,
    );
    expect(notes).toEqual([
      { kind: "http", after: 0, nodeId: "h", since: 2, method: "GET", url: "https://api.test/x" },
      { kind: "warning", after: 0, code: "step_limit", nodeId: "loop", nodeType: null },
    ]);
  });
});

describe("runPreview", () => {
  const loop: FlowDocument = {
    version: 1,
    nodes: [
      { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
      { id: "again", type: "set", position: { x: 0, y: 0 }, config: { assignments: [] } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "next", target: "again" },
      { id: "e2", source: "again", sourceHandle: "next", target: "again" },
    ],
    variables: [],
  };
  const run = (text: string) =>
    runPreview({
      flowId: "f1",
      document: loop,
      session: null,
      event: { kind: "message", text },
      contact,
      botUsername: "shop_bot",
      now,
      random: () => 0.5,
    });

  it("stops a loop at the step limit and says where", () => {
    const r = run("/start");
    expect(r.visited).toHaveLength(100);
    expect(r.notes).toEqual([
      { kind: "warning", after: 0, code: "step_limit", nodeId: "again", nodeType: null },
    ]);
    expect(r.session.nodeId).toBeNull();
  });

  it("says when nothing reacted", () => {
    const r = run("hello");
    expect(r.notes).toEqual([{ kind: "ignored", after: 0 }]);
    expect(r.session.step).toBe(0);
  });
});

describe("a payment in the preview", () => {
  const document: FlowDocument = {
    version: 1,
    nodes: [
      { id: "s", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
      {
        id: "pay",
        type: "payment",
        position: { x: 1, y: 0 },
        config: { product: "fixed", productId: "p-1", provider: "stars" },
      },
      ...["paid", "failed", "canceled", "timeout"].map((id) => ({
        id,
        type: "message",
        position: { x: 2, y: 0 },
        config: { text: `${id}: {{order.product_title}} {{order.amount}} {{order.currency}}` },
      })),
    ],
    edges: [
      { id: "e0", source: "s", sourceHandle: "next", target: "pay" },
      ...["paid", "failed", "canceled", "timeout"].map((id) => ({
        id: `e-${id}`,
        source: "pay",
        sourceHandle: id,
        target: id,
      })),
    ],
    variables: [],
  };
  const products = [{ id: "p-1", title: "Presets", priceMinor: 50, currency: "XTR" }];
  const base = {
    flowId: "f",
    document,
    contact,
    botUsername: "b",
    now,
    random: () => 0.5,
    products,
  };

  it("notes the offer, then plays the chosen outcome with the product as the order", () => {
    const offered = runPreview({
      ...base,
      session: null,
      event: { kind: "message", text: "/start" },
    });
    expect(offered.notes).toContainEqual(
      expect.objectContaining({
        kind: "payment",
        nodeId: "pay",
        provider: "stars",
        productId: "p-1",
      }),
    );
    const paid = runPreview({
      ...base,
      session: offered.session,
      event: { kind: "payment", nodeId: "pay", since: offered.session.step, outcome: "paid" },
    });
    expect(paid.messages.map((m) => m.text)).toEqual(["paid: Presets 50 XTR"]);
  });
});

describe("an faq in the preview", () => {
  const document: FlowDocument = {
    version: 1,
    nodes: [
      { id: "s", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
      {
        id: "faq",
        type: "faq",
        position: { x: 1, y: 0 },
        config: {
          prompt: "Ask, {{contact.first_name}}",
          entries: [
            { question: "Refunds?", keywords: ["refund, money back"], answer: "14 days." },
            { question: "", keywords: ["thanks"], answer: "You are welcome!" },
          ],
        },
      },
      { id: "agent", type: "message", position: { x: 2, y: 0 }, config: { text: "A person…" } },
    ],
    edges: [
      { id: "e0", source: "s", sourceHandle: "next", target: "faq" },
      { id: "e1", source: "faq", sourceHandle: "answered", target: "faq" },
      { id: "e2", source: "faq", sourceHandle: "fallback", target: "agent" },
    ],
    variables: [],
  };
  const base = { flowId: "f", document, contact, botUsername: "b", now, random: () => 0.5 };
  const start = runPreview({ ...base, session: null, event: { kind: "message", text: "/start" } });

  it("shows the invitation with the question buttons, and the session round-trips", () => {
    expect(start.messages).toEqual([
      expect.objectContaining({
        text: "Ask, Anna",
        inlineKeyboard: [[{ text: "Refunds?", data: "faq:0" }]],
      }),
    ]);
    expect(start.waitingFor).toEqual({ kind: "faq", nodeId: "faq", since: 1 });
    expect(previewResultSchema.parse(start)).toEqual(start);
  });

  it("answers a typed question and a tapped one", () => {
    const typed = runPreview({
      ...base,
      session: start.session,
      event: { kind: "message", text: "I want my money back" },
    });
    expect(typed.messages.map((m) => m.text)).toEqual(["14 days.", "Ask, Anna"]);
    const tapped = runPreview({
      ...base,
      session: start.session,
      event: { kind: "callback", data: "faq:0" },
    });
    expect(tapped.messages.map((m) => m.text)).toEqual(["14 days.", "Ask, Anna"]);
  });

  it("notes a question it cannot answer, then takes the fallback", () => {
    const missed = runPreview({
      ...base,
      session: start.session,
      event: { kind: "message", text: "Do you ship to Mars?" },
    });
    expect(missed.notes).toEqual([
      { kind: "warning", after: 0, code: "faq.unanswered", nodeId: "faq", nodeType: null },
    ]);
    expect(missed.messages.map((m) => m.text)).toEqual(["A person…"]);
  });
});
