import { describe, expect, it } from "vitest";
import type { FlowNode } from "@/lib/flow/document";
import { nodeDefinition } from "@/lib/flow/registry";
import { executors, parseAnswer, type ExecContext, type Executor } from "./executors";
import type { TemplateScope } from "./template";
import {
  emptySession,
  type ContactView,
  type RuntimeEvent,
  type StepInput,
  type Waiting,
} from "./types";

/**
 * Each executor on its own: parsed config + context in, outcome/wait/effects out. How the
 * interpreter strings them together is step.test.ts's subject.
 */

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const stepNo = 7;

const anna: ContactView = {
  id: "contact-1",
  chatId: "1001",
  firstName: "Anna",
  lastName: null,
  username: "anna_k",
  languageCode: "ru",
  phone: null,
  externalId: null,
  tags: ["vip"],
  fields: { city: "Kazan" },
};

interface Options {
  nodeId?: string;
  variables?: Record<string, unknown>;
  contact?: Partial<ContactView>;
  random?: () => number;
}

/** One node of `type` with `config` (parsed with its schema, defaults filled) and a context. */
function node(type: string, config: Record<string, unknown> = {}, options: Options = {}) {
  const definition = nodeDefinition(type);
  const executor: Executor<unknown> | undefined = executors[type];
  if (!definition || !executor) throw new Error(`no node type ${type}`);
  const parsed: unknown = definition.config.parse(config);
  const flowNode: FlowNode = { id: options.nodeId ?? "n1", type, position: { x: 0, y: 0 }, config };
  const variables: Record<string, unknown> = { ...options.variables };
  const contact = { ...anna, ...options.contact };
  const context = (event: RuntimeEvent): ExecContext => {
    const input: StepInput = {
      event,
      session: emptySession,
      flows: [],
      contact,
      bot: { id: "bot-1", username: "shop_bot" },
      now,
      random: options.random ?? (() => 0.5),
    };
    const scope = (): TemplateScope => ({
      contact: { id: contact.id, first_name: contact.firstName, fields: contact.fields },
      bot: { username: "shop_bot" },
      event: {},
      flow: variables,
    });
    return { node: flowNode, input, variables, step: stepNo, scope };
  };
  const start: RuntimeEvent = { kind: "message", messageId: 1, text: "/start" };
  return {
    variables,
    run: () => executor.run(parsed, context(start)),
    resume: (waiting: Waiting, event: RuntimeEvent) =>
      executor.resume?.(parsed, context(event), waiting, event),
  };
}

const text = (t: string): RuntimeEvent => ({ kind: "message", messageId: 2, text: t });

describe("message", () => {
  it("sends the rendered text to the contact's chat and follows next", () => {
    const result = node("message", {
      text: "Hi {{contact.first_name}} from {{contact.fields.city}}",
    }).run();
    expect(result).toEqual({
      next: "next",
      effects: [
        {
          kind: "telegram",
          chatId: "1001",
          call: { method: "sendMessage", params: { chat_id: "1001", text: "Hi Anna from Kazan" } },
        },
      ],
    });
  });

  it("sets parse_mode for html and markdown and escapes only the values", () => {
    const html = node(
      "message",
      { text: "<b>{{name}}</b>", format: "html" },
      { variables: { name: "A & <B>" } },
    ).run();
    expect(html.effects?.[0]).toMatchObject({
      call: { params: { parse_mode: "HTML", text: "<b>A &amp; &lt;B&gt;</b>" } },
    });
    const markdown = node(
      "message",
      { text: "*{{name}}*", format: "markdown" },
      { variables: { name: "a.b-c" } },
    ).run();
    expect(markdown.effects?.[0]).toMatchObject({
      call: { params: { parse_mode: "MarkdownV2", text: "*a\\.b\\-c*" } },
    });
  });

  it("sends no parse_mode for plain text", () => {
    const result = node("message", { text: "<b>x</b>" }).run();
    expect(result.effects?.[0]).toMatchObject({ call: { params: { text: "<b>x</b>" } } });
    expect(result.effects?.[0]).not.toHaveProperty("call.params.parse_mode");
  });

  it.each([
    ["photo", "sendPhoto"],
    ["video", "sendVideo"],
    ["document", "sendDocument"],
    ["audio", "sendAudio"],
    ["animation", "sendAnimation"],
  ])("sends %s media with %s and the text as its caption", (kind, method) => {
    const result = node("message", {
      text: "For {{contact.first_name}}",
      format: "html",
      media: { kind, source: "https://cdn.example.com/x" },
    }).run();
    expect(result.effects).toEqual([
      {
        kind: "telegram",
        chatId: "1001",
        call: {
          method,
          params: {
            chat_id: "1001",
            parse_mode: "HTML",
            [kind]: "https://cdn.example.com/x",
            caption: "For Anna",
          },
        },
      },
    ]);
  });

  it("turns disablePreview into link_preview_options", () => {
    const off = node("message", { text: "https://example.com", disablePreview: true }).run();
    expect(off.effects?.[0]).toMatchObject({
      call: { params: { link_preview_options: { is_disabled: true } } },
    });
    const on = node("message", { text: "https://example.com" }).run();
    expect(on.effects?.[0]).not.toHaveProperty("call.params.link_preview_options");
  });
});

describe("buttons", () => {
  const config = {
    text: "Pick, {{contact.first_name}}",
    buttons: [
      { id: "a", text: "A" },
      { id: "b", text: "B", sameRow: true },
      { id: "site", text: "Site", url: "https://example.com" },
      { id: "c", text: "" },
      { id: "d", text: "D", sameRow: true },
    ],
  };

  it("lays out rows by sameRow; link buttons carry no callback_data; waits for a press", () => {
    const result = node("buttons", config, { nodeId: "menu" }).run();
    expect(result.wait).toEqual({ kind: "buttons", nodeId: "menu", since: stepNo });
    expect(result.next).toBeUndefined();
    expect(result.effects).toEqual([
      {
        kind: "telegram",
        chatId: "1001",
        call: {
          method: "sendMessage",
          params: {
            chat_id: "1001",
            text: "Pick, Anna",
            reply_markup: {
              inline_keyboard: [
                [
                  { text: "A", callback_data: "menu:a" },
                  { text: "B", callback_data: "menu:b" },
                ],
                [{ text: "Site", url: "https://example.com" }],
                [
                  // An empty caption shows the id rather than a blank button.
                  { text: "c", callback_data: "menu:c" },
                  { text: "D", callback_data: "menu:d" },
                ],
              ],
            },
          },
        },
      },
    ]);
  });

  it("starts a new row when the first button says sameRow", () => {
    const result = node("buttons", { buttons: [{ id: "x", text: "X", sameRow: true }] }).run();
    expect(result.effects?.[0]).toMatchObject({
      call: { params: { reply_markup: { inline_keyboard: [[{ text: "X" }]] } } },
    });
  });

  it("follows the pressed button's outcome; ids may contain ':'", () => {
    const waiting: Waiting = { kind: "buttons", nodeId: "menu", since: 3 };
    const press = (data: string): RuntimeEvent => ({
      kind: "callback",
      callbackQueryId: "q",
      data,
    });
    const n = node("buttons", config, { nodeId: "menu" });
    expect(n.resume(waiting, press("menu:b"))).toEqual({ next: "b" });
    const colon = node("buttons", { buttons: [{ id: "x" }] }, { nodeId: "a:b" });
    expect(colon.resume({ ...waiting, nodeId: "a:b" }, press("a:b:x"))).toEqual({ next: "x" });
  });

  it("ignores presses of other nodes, unknown ids, link buttons and non-callback events", () => {
    const waiting: Waiting = { kind: "buttons", nodeId: "menu", since: 3 };
    const n = node("buttons", config, { nodeId: "menu" });
    for (const data of ["other:a", "menu:zzz", "menu:site", "menu", "menu:"])
      expect(n.resume(waiting, { kind: "callback", callbackQueryId: "q", data })).toBeUndefined();
    expect(n.resume(waiting, text("a"))).toBeUndefined();
  });
});

describe("faq", () => {
  const config = {
    prompt: "Ask your question, {{contact.first_name}}",
    entries: [
      {
        question: "How do I get my file?",
        keywords: ["delivery, download"],
        answer: "It comes right after payment, {{contact.first_name}}.",
      },
      { question: "", keywords: ["thanks"], answer: "You are welcome!" },
      { question: "Refunds?", keywords: ["refund", "money back"], answer: "Within 14 days." },
    ],
  };
  const waiting: Waiting = { kind: "faq", nodeId: "faq", since: 3 };
  const sent = (t: string) => ({
    kind: "telegram",
    chatId: "1001",
    call: { method: "sendMessage", params: { chat_id: "1001", text: t } },
  });

  it("sends the invitation with a button per question (entries without one are not buttons) and waits", () => {
    const result = node("faq", config, { nodeId: "faq" }).run();
    expect(result).toEqual({
      wait: { kind: "faq", nodeId: "faq", since: stepNo },
      effects: [
        {
          kind: "telegram",
          chatId: "1001",
          call: {
            method: "sendMessage",
            params: {
              chat_id: "1001",
              text: "Ask your question, Anna",
              reply_markup: {
                inline_keyboard: [
                  [{ text: "How do I get my file?", callback_data: "faq:0" }],
                  [{ text: "Refunds?", callback_data: "faq:2" }],
                ],
              },
            },
          },
        },
      ],
    });
  });

  it("sends the invitation alone when questions are not shown, and nothing without one", () => {
    const plain = node("faq", { ...config, showQuestions: false }).run();
    expect(plain.effects).toEqual([sent("Ask your question, Anna")]);
    expect(node("faq", { ...config, prompt: " " }, { nodeId: "faq" }).run()).toEqual({
      wait: { kind: "faq", nodeId: "faq", since: stepNo },
    });
  });

  it("formats the invitation and the answers as the node says", () => {
    const n = node(
      "faq",
      { ...config, format: "html", prompt: "<b>Ask</b>", showQuestions: false },
      { nodeId: "faq", variables: { x: "<1>" } },
    );
    expect(n.run().effects?.[0]).toMatchObject({ call: { params: { parse_mode: "HTML" } } });
    expect(n.resume(waiting, text("refund"))?.effects?.[0]).toMatchObject({
      call: { params: { parse_mode: "HTML", text: "Within 14 days." } },
    });
  });

  it("answers a question it recognises and takes answered; the answer has no buttons", () => {
    const n = node("faq", config, { nodeId: "faq" });
    expect(n.resume(waiting, text("When is the download ready?"))).toEqual({
      next: "answered",
      effects: [sent("It comes right after payment, Anna.")],
    });
    expect(n.resume(waiting, text("Thanks!"))).toEqual({
      next: "answered",
      effects: [sent("You are welcome!")],
    });
    expect(n.resume(waiting, text("I want my money back"))?.effects).toEqual([
      sent("Within 14 days."),
    ]);
  });

  it("answers a tapped question", () => {
    const n = node("faq", config, { nodeId: "faq" });
    const tap = (data: string): RuntimeEvent => ({ kind: "callback", callbackQueryId: "q", data });
    expect(n.resume(waiting, tap("faq:2"))).toEqual({
      next: "answered",
      effects: [sent("Within 14 days.")],
    });
    // Not a button: the entry without a question, one past the end, another node's.
    for (const data of ["faq:1", "faq:3", "faq:x", "other:0", "faq"])
      expect(n.resume(waiting, tap(data))).toBeUndefined();
    const hidden = node("faq", { ...config, showQuestions: false }, { nodeId: "faq" });
    expect(hidden.resume(waiting, tap("faq:0"))).toBeUndefined();
  });

  it("journals a question it cannot answer and takes fallback", () => {
    const n = node("faq", config, { nodeId: "faq" });
    expect(n.resume(waiting, text("  Do you ship to Mars?  "))).toEqual({
      next: "fallback",
      effects: [
        {
          kind: "journal",
          type: "faq.unanswered",
          data: { nodeId: "faq", text: "Do you ship to Mars?" },
        },
      ],
    });
  });

  it("takes fallback without a journal entry for a message with no text", () => {
    const n = node("faq", config, { nodeId: "faq" });
    expect(n.resume(waiting, { kind: "message", messageId: 3 })).toEqual({ next: "fallback" });
    expect(
      n.resume(waiting, {
        kind: "message",
        messageId: 4,
        contact: { phone: "+1", userId: "1001" },
      }),
    ).toEqual({ next: "fallback" });
  });

  it("takes answered without a message when the answer is empty", () => {
    const n = node("faq", { entries: [{ keywords: ["x"], answer: "" }] }, { nodeId: "faq" });
    expect(n.resume(waiting, text("x"))).toEqual({ next: "answered" });
  });

  it("ignores timers and other events", () => {
    const n = node("faq", config, { nodeId: "faq" });
    expect(n.resume(waiting, { kind: "timer", nodeId: "faq", since: 3 })).toBeUndefined();
  });
});

describe("parseAnswer", () => {
  it.each([
    ["text", "  hello  ", "hello"],
    ["text", "   ", undefined],
    ["number", "42", 42],
    ["number", "12,5", 12.5],
    ["number", "1 234,50", 1234.5],
    ["number", "-3.25", -3.25],
    ["number", "twelve", undefined],
    ["number", "1,2,3", undefined],
    ["email", "Anna@Example.COM", "anna@example.com"],
    ["email", "anna@example", undefined],
    ["email", "an na@example.com", undefined],
    ["phone", "+7 (912) 345-67-89", "+79123456789"],
    ["phone", "89123456789", "89123456789"],
    ["phone", "12-34", undefined],
    ["phone", "call me", undefined],
    ["date", "31.12.2026", "2026-12-31"],
    ["date", "1/2/2026", "2026-02-01"],
    ["date", "2026-12-31", "2026-12-31"],
    ["date", "2026-2-3", "2026-02-03"],
    ["date", "29.02.2028", "2028-02-29"],
    ["date", "29.02.2027", undefined],
    ["date", "31.02.2026", undefined],
    ["date", "2026-02-31", undefined],
    ["date", "13.13.2026", undefined],
    ["date", "tomorrow", undefined],
    ["choice", "small", "Small"],
    ["choice", " LARGE ", "Large"],
    ["choice", "medium", undefined],
  ] as const)("%s %j → %j", (type, input, expected) => {
    expect(parseAnswer(type, input, ["Small", "Large"])).toEqual(expected);
  });
});

describe("ask", () => {
  it("asks and waits for an answer; no timer without a timeout", () => {
    const result = node(
      "ask",
      { text: "Your email, {{contact.first_name}}?" },
      { nodeId: "q" },
    ).run();
    expect(result.wait).toEqual({ kind: "answer", nodeId: "q", since: stepNo, attempts: 0 });
    expect(result.effects).toEqual([
      {
        kind: "telegram",
        chatId: "1001",
        call: { method: "sendMessage", params: { chat_id: "1001", text: "Your email, Anna?" } },
      },
    ]);
  });

  it("shows choices as a one-time reply keyboard", () => {
    const result = node("ask", { text: "Size?", answer: "choice", choices: ["S", "M"] }).run();
    expect(result.effects?.[0]).toMatchObject({
      call: {
        params: {
          reply_markup: {
            keyboard: [[{ text: "S" }], [{ text: "M" }]],
            one_time_keyboard: true,
            resize_keyboard: true,
          },
        },
      },
    });
  });

  it("sets a timer at now + timeoutMinutes that carries the wait's step", () => {
    const result = node("ask", { text: "?", timeoutMinutes: 30 }, { nodeId: "q" }).run();
    expect(result.effects?.[1]).toEqual({
      kind: "timer",
      due: now + 30 * 60_000,
      nodeId: "q",
      since: stepNo,
    });
  });

  it("stores a valid answer in the variable and follows next", () => {
    const n = node("ask", { answer: "number", variable: "qty" });
    const waiting: Waiting = { kind: "answer", nodeId: "n1", since: 3, attempts: 0 };
    expect(n.resume(waiting, text("2,5"))).toEqual({ next: "next" });
    expect(n.variables).toEqual({ qty: 2.5 });
  });

  it("asks again with the question until the retries are used up, then follows invalid", () => {
    const n = node("ask", { text: "Email, {{contact.first_name}}?", answer: "email", retries: 2 });
    const waiting: Waiting = { kind: "answer", nodeId: "n1", since: 3, attempts: 0 };
    const first = n.resume(waiting, text("nope"));
    expect(first).toEqual({
      wait: { ...waiting, attempts: 1 },
      effects: [
        {
          kind: "telegram",
          chatId: "1001",
          call: { method: "sendMessage", params: { chat_id: "1001", text: "Email, Anna?" } },
        },
      ],
    });
    expect(n.resume({ ...waiting, attempts: 1 }, text("nope"))?.wait).toEqual({
      ...waiting,
      attempts: 2,
    });
    expect(n.resume({ ...waiting, attempts: 2 }, text("nope"))).toEqual({ next: "invalid" });
    expect(n.variables).toEqual({});
  });

  it("with no retries an invalid answer follows invalid at once", () => {
    const n = node("ask", { answer: "number", retries: 0 });
    const waiting: Waiting = { kind: "answer", nodeId: "n1", since: 3, attempts: 0 };
    expect(n.resume(waiting, text("many"))).toEqual({ next: "invalid" });
  });

  it("uses retryText, rendered in the question's format", () => {
    const n = node("ask", {
      text: "Date?",
      format: "html",
      answer: "date",
      retryText: "<i>{{contact.first_name}}</i>, try DD.MM.YYYY",
    });
    const waiting: Waiting = { kind: "answer", nodeId: "n1", since: 3, attempts: 0 };
    expect(n.resume(waiting, text("31.02.2026"))?.effects?.[0]).toMatchObject({
      call: { params: { parse_mode: "HTML", text: "<i>Anna</i>, try DD.MM.YYYY" } },
    });
  });

  it("a message without text (a photo) is an invalid answer", () => {
    const n = node("ask", { retries: 1 });
    const waiting: Waiting = { kind: "answer", nodeId: "n1", since: 3, attempts: 0 };
    expect(n.resume(waiting, { kind: "message", messageId: 3 })?.wait).toMatchObject({
      attempts: 1,
    });
  });

  it("a timer follows timeout; button presses are not answers", () => {
    const n = node("ask", { timeoutMinutes: 5 });
    const waiting: Waiting = { kind: "answer", nodeId: "n1", since: 3, attempts: 0 };
    expect(n.resume(waiting, { kind: "timer", nodeId: "n1", since: 3 })).toEqual({
      next: "timeout",
    });
    expect(
      n.resume(waiting, { kind: "callback", callbackQueryId: "q", data: "n1:x" }),
    ).toBeUndefined();
  });
});

describe("contact.request", () => {
  const waiting: Waiting = { kind: "contact", nodeId: "n1", since: 3 };
  const removeKeyboard = {
    kind: "telegram",
    chatId: "1001",
    call: {
      method: "sendMessage",
      params: { chat_id: "1001", text: "✓", reply_markup: { remove_keyboard: true } },
    },
  };

  it("sends a request_contact keyboard and waits", () => {
    const result = node("contact.request", { text: "Phone, {{contact.first_name}}?" }).run();
    expect(result.wait).toEqual({ kind: "contact", nodeId: "n1", since: stepNo });
    expect(result.effects).toEqual([
      {
        kind: "telegram",
        chatId: "1001",
        call: {
          method: "sendMessage",
          params: {
            chat_id: "1001",
            text: "Phone, Anna?",
            reply_markup: {
              keyboard: [[{ text: "Share phone", request_contact: true }]],
              one_time_keyboard: true,
              resize_keyboard: true,
            },
          },
        },
      },
    ]);
  });

  it("accepts the sender's own contact: normalised phone on the contact, shared", () => {
    const n = node("contact.request");
    const event: RuntimeEvent = {
      kind: "message",
      messageId: 3,
      contact: { phone: "7 (912) 345-67-89", userId: "1001" },
    };
    expect(n.resume(waiting, event)).toEqual({
      next: "shared",
      effects: [removeKeyboard, { kind: "contact", phone: "+79123456789" }],
    });
  });

  it("keeps a leading + as it is", () => {
    const n = node("contact.request");
    const event: RuntimeEvent = {
      kind: "message",
      messageId: 3,
      contact: { phone: "+44 20 7946 0958", userId: "1001" },
    };
    expect(n.resume(waiting, event)?.effects?.[1]).toEqual({
      kind: "contact",
      phone: "+442079460958",
    });
  });

  it.each<[string, RuntimeEvent]>([
    [
      "someone else's contact",
      { kind: "message", messageId: 3, contact: { phone: "+79990000000", userId: "2002" } },
    ],
    [
      "a contact card with no user",
      { kind: "message", messageId: 3, contact: { phone: "+79990000000" } },
    ],
    ["plain text", { kind: "message", messageId: 3, text: "+79123456789" }],
  ])("%s is invalid and sets no phone", (_name, event) => {
    expect(node("contact.request").resume(waiting, event)).toEqual({
      next: "invalid",
      effects: [removeKeyboard],
    });
  });

  it("ignores events that are not messages", () => {
    expect(
      node("contact.request").resume(waiting, { kind: "timer", nodeId: "n1", since: 3 }),
    ).toBeUndefined();
  });
});

describe("condition", () => {
  const decide = (
    rules: { left: string; operator: string; right?: string }[],
    options: Options & { match?: "all" | "any" } = {},
  ) => node("condition", { match: options.match ?? "all", rules }, options).run().next;

  it.each([
    ["eq", "{{n}}", "10.0", "true"],
    ["eq", "{{city}}", " kazan ", "true"],
    ["eq", "{{city}}", "Moscow", "false"],
    ["neq", "{{city}}", "Moscow", "true"],
    ["neq", "{{n}}", "10", "false"],
    ["contains", "{{city}}", "ZA", "true"],
    ["contains", "{{city}}", "x", "false"],
    // Numbers compare as numbers: "10" > "9" although "10" < "9" as strings.
    ["gt", "{{n}}", "9", "true"],
    ["gt", "{{n}}", "10", "false"],
    ["gte", "{{n}}", "10", "true"],
    ["lt", "{{n}}", "9", "false"],
    ["lt", "{{n}}", "11", "true"],
    ["lte", "{{n}}", "10", "true"],
    // Ordering needs numbers on both sides.
    ["gt", "{{city}}", "A", "false"],
    ["lt", "{{city}}", "Z", "false"],
    ["empty", "{{missing}}", "", "true"],
    ["empty", "{{city}}", "", "false"],
    ["not_empty", "{{city}}", "", "true"],
    ["not_empty", "{{missing}}", "", "false"],
    ["has_tag", "vip", "", "true"],
    ["has_tag", "contact", "vip", "true"],
    ["has_tag", "premium", "", "false"],
  ])("%s: %s vs %j → %s", (operator, left, right, expected) => {
    const variables = { n: "10", city: "Kazan" };
    expect(decide([{ left, operator, right }], { variables })).toBe(expected);
  });

  it("reads contact fields and tags of the contact", () => {
    expect(decide([{ left: "{{contact.fields.city}}", operator: "eq", right: "Kazan" }])).toBe(
      "true",
    );
    expect(decide([{ left: "vip", operator: "has_tag" }], { contact: { tags: [] } })).toBe("false");
  });

  it("all needs every rule, any needs one", () => {
    const rules = [
      { left: "1", operator: "eq", right: "1" },
      { left: "1", operator: "eq", right: "2" },
    ];
    expect(decide(rules, { match: "all" })).toBe("false");
    expect(decide(rules, { match: "any" })).toBe("true");
    expect(decide([rules[1]!], { match: "any" })).toBe("false");
  });

  it("with no rules is always true, whichever match", () => {
    expect(decide([], { match: "all" })).toBe("true");
    expect(decide([], { match: "any" })).toBe("true");
  });
});

describe("set", () => {
  it("renders each value, later assignments seeing earlier ones", () => {
    const n = node(
      "set",
      {
        assignments: [
          { variable: "greeting", value: "Hi {{contact.first_name}}" },
          { variable: "line", value: "{{greeting}}, {{count}}!" },
          { variable: "count", value: "2" },
        ],
      },
      { variables: { count: "1" } },
    );
    expect(n.run()).toEqual({ next: "next" });
    expect(n.variables).toEqual({ greeting: "Hi Anna", line: "Hi Anna, 1!", count: "2" });
  });
});

describe("wait", () => {
  it.each([
    [15, "minutes", 15 * 60_000],
    [2, "hours", 2 * 3_600_000],
    [3, "days", 3 * 86_400_000],
  ] as const)("%i %s: a timer due now + duration", (amount, unit, ms) => {
    const result = node("wait", { amount, unit }, { nodeId: "w" }).run();
    expect(result).toEqual({
      wait: { kind: "timer", nodeId: "w", since: stepNo, due: now + ms },
      effects: [{ kind: "timer", due: now + ms, nodeId: "w", since: stepNo }],
    });
  });

  it("continues on its timer and on nothing else", () => {
    const n = node("wait", {}, { nodeId: "w" });
    const waiting: Waiting = { kind: "timer", nodeId: "w", since: 3, due: now };
    expect(n.resume(waiting, { kind: "timer", nodeId: "w", since: 3 })).toEqual({ next: "next" });
    expect(n.resume(waiting, text("hurry"))).toBeUndefined();
    expect(n.resume(waiting, { kind: "callback", callbackQueryId: "q", data: "w:x" })).toBe(
      undefined,
    );
  });
});

describe("split", () => {
  const branches = [
    { id: "a", weight: 20 },
    { id: "b", weight: 80 },
  ];

  it.each([
    [0, "a"],
    [0.1, "a"],
    [0.199, "a"],
    [0.2, "b"],
    [0.9, "b"],
    [0.9999, "b"],
  ])("random() = %d → %s", (draw, expected) => {
    expect(node("split", { branches }, { random: () => draw }).run()).toEqual({ next: expected });
  });

  it("draws once per run", () => {
    let draws = 0;
    node("split", { branches }, { random: () => (draws++, 0.5) }).run();
    expect(draws).toBe(1);
  });
});

describe("goto, tag, field, notify", () => {
  it("goto jumps to the flow", () => {
    expect(node("goto", { flowId: "flow-2" }).run()).toEqual({ jump: { flowId: "flow-2" } });
  });

  it("tag adds or removes tags on the contact", () => {
    expect(node("tag", { tags: ["lead", "ru"] }).run()).toEqual({
      next: "next",
      effects: [{ kind: "contact", addTags: ["lead", "ru"] }],
    });
    expect(node("tag", { action: "remove", tags: ["lead"] }).run()).toEqual({
      next: "next",
      effects: [{ kind: "contact", removeTags: ["lead"] }],
    });
  });

  it("field stores the rendered value", () => {
    expect(
      node(
        "field",
        { field: "order_note", value: "{{note}} ({{contact.first_name}})" },
        {
          variables: { note: "<gift>" },
        },
      ).run(),
    ).toEqual({
      next: "next",
      effects: [{ kind: "contact", fields: { order_note: "<gift> (Anna)" } }],
    });
  });

  it("notify sends plain text to the configured chat, not the contact's", () => {
    expect(
      node("notify", { chatId: "-100123", text: "New lead: {{contact.first_name}} <b>" }).run(),
    ).toEqual({
      next: "next",
      effects: [
        {
          kind: "telegram",
          chatId: "-100123",
          call: {
            method: "sendMessage",
            params: { chat_id: "-100123", text: "New lead: Anna <b>" },
          },
        },
      ],
    });
  });
});

describe("http", () => {
  const config = {
    method: "POST",
    url: "https://erp.example.com/leads?name={{contact.first_name}}",
    headers: [{ name: "X-Token", value: "t-{{token}}" }],
    body: '{"city":"{{contact.fields.city}}"}',
    saveTo: "reply",
    timeoutSeconds: 5,
  };

  it("requests with rendered url, headers and body and waits for the result", () => {
    const result = node("http", config, { nodeId: "h", variables: { token: "42" } }).run();
    expect(result).toEqual({
      wait: { kind: "http", nodeId: "h", since: stepNo },
      effects: [
        {
          kind: "http",
          nodeId: "h",
          since: stepNo,
          request: {
            method: "POST",
            url: "https://erp.example.com/leads?name=Anna",
            headers: { "X-Token": "t-42" },
            body: '{"city":"Kazan"}',
            timeoutSeconds: 5,
          },
        },
      ],
    });
  });

  it("escapes values in a JSON body, so a quote in an answer cannot break or extend it", () => {
    const result = node("http", config, {
      nodeId: "h",
      contact: { fields: { city: 'Kazan", "admin": true, "x": "' } },
    }).run();
    const request = (result.effects?.[0] as { request: { body: string } }).request;
    expect(JSON.parse(request.body)).toEqual({ city: 'Kazan", "admin": true, "x": "' });
  });

  it("sends no body when there is none", () => {
    const result = node("http", { method: "GET", url: "https://example.com" }).run();
    expect(result.effects?.[0]).toMatchObject({ request: { body: undefined, headers: {} } });
  });

  it("ok saves the body and follows ok; an error follows error and saves nothing", () => {
    const waiting: Waiting = { kind: "http", nodeId: "h", since: 3 };
    const ok = node("http", config, { nodeId: "h" });
    expect(
      ok.resume(waiting, {
        kind: "http_result",
        nodeId: "h",
        since: 3,
        ok: true,
        status: 200,
        body: { id: 9 },
      }),
    ).toEqual({ next: "ok" });
    expect(ok.variables).toEqual({ reply: { id: 9 } });

    const failed = node("http", config, { nodeId: "h" });
    expect(
      failed.resume(waiting, {
        kind: "http_result",
        nodeId: "h",
        since: 3,
        ok: false,
        status: 500,
        body: "oops",
      }),
    ).toEqual({ next: "error" });
    expect(failed.variables).toEqual({});
  });

  it("ignores events that are not its result", () => {
    const waiting: Waiting = { kind: "http", nodeId: "h", since: 3 };
    expect(node("http", config, { nodeId: "h" }).resume(waiting, text("hi"))).toBeUndefined();
  });
});

describe("triggers", () => {
  it.each(["trigger.start", "trigger.command", "trigger.keyword", "trigger.event"])(
    "%s continues to next",
    (type) => {
      expect(node(type).run()).toEqual({ next: "next" });
    },
  );
});
