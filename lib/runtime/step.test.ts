import { describe, expect, it } from "vitest";
import { step } from "./step";
import {
  emptySession,
  type ContactView,
  type Effect,
  type FlowRef,
  type RuntimeEvent,
  type SessionState,
  type StepInput,
  type StepResult,
} from "./types";

/**
 * The interpreter's rules (step.ts, DESIGN.md "Runtime semantics") on small inline flows: which
 * trigger an event starts, what a waiting node does with it, and what the session remembers.
 */

const now = Date.UTC(2026, 0, 15, 12, 0, 0);

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

type NodeSpec = [id: string, type: string, config?: Record<string, unknown>];
type EdgeSpec = [source: string, outcome: string, target: string];

function flow(flowId: string, nodes: NodeSpec[], edges: EdgeSpec[] = [], version = 1): FlowRef {
  return {
    flowId,
    versionId: `${flowId}@${version}`,
    document: {
      version: 1,
      nodes: nodes.map(([id, type, config = {}], i) => ({
        id,
        type,
        position: { x: 0, y: i * 100 },
        config,
      })),
      edges: edges.map(([source, sourceHandle, target]) => ({
        id: `${source}.${sourceHandle}->${target}`,
        source,
        sourceHandle,
        target,
      })),
      variables: [],
    },
  };
}

const say = (text: string): Record<string, unknown> => ({ text });

function run(input: Partial<StepInput> & Pick<StepInput, "event">): StepResult {
  return step({
    session: emptySession,
    flows: [],
    contact: anna,
    bot: { id: "bot-1", username: "shop_bot" },
    now,
    random: () => 0.5,
    ...input,
  });
}

const msg = (text: string): RuntimeEvent => ({ kind: "message", messageId: 1, text });
const press = (data: string, callbackQueryId = "cq-1"): RuntimeEvent => ({
  kind: "callback",
  callbackQueryId,
  data,
});
const timer = (nodeId: string, since: number): RuntimeEvent => ({ kind: "timer", nodeId, since });

/** The texts sent to the contact, in order (captions count as texts). */
function texts(result: StepResult): unknown[] {
  return result.effects.flatMap((e) =>
    e.kind === "telegram" && e.call.method !== "answerCallbackQuery"
      ? [e.call.params.text ?? e.call.params.caption]
      : [],
  );
}

function answers(result: StepResult): Effect[] {
  return result.effects.filter(
    (e) => e.kind === "telegram" && e.call.method === "answerCallbackQuery",
  );
}

function journal(result: StepResult) {
  return result.effects.filter((e) => e.kind === "journal");
}

/** What a session does, leaving out the step counter. */
function state(session: SessionState) {
  const { step: _step, ...rest } = session;
  return rest;
}

describe("trigger.start", () => {
  const main = flow(
    "main",
    [
      ["start", "trigger.start"],
      ["hello", "message", say("Hi {{contact.first_name}}")],
    ],
    [["start", "next", "hello"]],
  );
  const promo = flow(
    "promo",
    [
      ["promoStart", "trigger.start", { payload: "promo-1" }],
      ["promoHello", "message", say("Promo for {{contact.first_name}}")],
    ],
    [["promoStart", "next", "promoHello"]],
  );

  it("a plain /start runs the flow and ends the session", () => {
    const result = run({ event: msg("/start"), flows: [main] });
    expect(result.visited).toEqual(["start", "hello"]);
    expect(result.effects).toEqual([
      {
        kind: "telegram",
        chatId: "1001",
        call: { method: "sendMessage", params: { chat_id: "1001", text: "Hi Anna" } },
      },
    ]);
    expect(result.session).toEqual({ ...emptySession, step: 1 });
  });

  it("prefers the trigger whose payload matches the deep link exactly, wherever it is", () => {
    // The plain trigger comes first, but the payload's own trigger wins.
    const flows = [main, promo];
    expect(run({ event: msg("/start promo-1"), flows }).visited).toEqual([
      "promoStart",
      "promoHello",
    ]);
    expect(run({ event: msg("/start Promo-1"), flows }).visited).toEqual(["start", "hello"]);
    expect(run({ event: msg("/start other"), flows }).visited).toEqual(["start", "hello"]);
    expect(run({ event: msg("/start"), flows }).visited).toEqual(["start", "hello"]);
  });

  it("a payload trigger does not answer a plain /start", () => {
    const result = run({ event: msg("/start"), flows: [promo] });
    expect(result.visited).toEqual([]);
    expect(result.session).toBe(emptySession);
  });

  it("accepts /start@botname and any case", () => {
    expect(run({ event: msg("/start@shop_bot"), flows: [main] }).visited).toEqual([
      "start",
      "hello",
    ]);
    expect(run({ event: msg("/START@shop_bot promo-1"), flows: [main, promo] }).visited).toEqual([
      "promoStart",
      "promoHello",
    ]);
  });
});

describe("trigger.command", () => {
  const help = flow(
    "help",
    [
      ["cmd", "trigger.command", { command: "help" }],
      ["text", "message", say("Help")],
    ],
    [["cmd", "next", "text"]],
  );
  const help2 = flow(
    "help2",
    [
      ["cmd2", "trigger.command", { command: "help" }],
      ["text2", "message", say("Other help")],
    ],
    [["cmd2", "next", "text2"]],
  );

  it("runs the first flow whose command matches", () => {
    for (const text of ["/help", "/help@shop_bot", "/help me please", " /Help "])
      expect(run({ event: msg(text), flows: [help, help2] }).visited).toEqual(["cmd", "text"]);
  });

  it("an unknown command or plain text starts nothing", () => {
    for (const text of ["/helpme", "help", "/ help"]) {
      const result = run({ event: msg(text), flows: [help] });
      expect(result.visited).toEqual([]);
      expect(result.session).toBe(emptySession);
    }
  });
});

describe("trigger.keyword", () => {
  const exact = flow(
    "prices",
    [
      ["kw", "trigger.keyword", { keywords: ["Price", "cost"] }],
      ["reply", "message", say("Prices")],
    ],
    [["kw", "next", "reply"]],
  );
  const contains = flow(
    "delivery",
    [
      ["kw2", "trigger.keyword", { keywords: ["Delivery"], match: "contains" }],
      ["reply2", "message", say("Delivery")],
    ],
    [["kw2", "next", "reply2"]],
  );
  const flows = [exact, contains];

  it.each([
    ["price", ["kw", "reply"]],
    ["  PRICE ", ["kw", "reply"]],
    ["Cost", ["kw", "reply"]],
    ["what price?", []],
    ["delivery", ["kw2", "reply2"]],
    ["How long does DELIVERY take?", ["kw2", "reply2"]],
    ["deliver", []],
  ])("%j → %j", (text, visited) => {
    expect(run({ event: msg(text), flows }).visited).toEqual(visited);
  });

  const question = flow(
    "form",
    [
      ["go", "trigger.command", { command: "form" }],
      ["q", "ask", { text: "Your question?", variable: "question" }],
      ["thanks", "message", say("Noted: {{question}}")],
    ],
    [
      ["go", "next", "q"],
      ["q", "next", "thanks"],
    ],
  );
  const phone = flow(
    "phone",
    [
      ["go", "trigger.command", { command: "phone" }],
      ["req", "contact.request"],
      ["no", "message", say("No phone")],
    ],
    [
      ["go", "next", "req"],
      ["req", "invalid", "no"],
    ],
  );
  const menu = flow(
    "menu",
    [
      ["go", "trigger.command", { command: "menu" }],
      ["pick", "buttons", { text: "Pick", buttons: [{ id: "a", text: "A" }] }],
    ],
    [["go", "next", "pick"]],
  );

  it("does not start while an ask waits for its answer: the text is the answer", () => {
    const waiting = run({ event: msg("/form"), flows: [...flows, question] });
    const result = run({
      event: msg("price"),
      flows: [...flows, question],
      session: waiting.session,
    });
    expect(result.visited).toEqual(["q", "thanks"]);
    expect(texts(result)).toEqual(["Noted: price"]);
  });

  it("does not start while a contact request waits: the text is not a phone", () => {
    const waiting = run({ event: msg("/phone"), flows: [...flows, phone] });
    const result = run({ event: msg("price"), flows: [...flows, phone], session: waiting.session });
    expect(result.visited).toEqual(["req", "no"]);
  });

  it("does start while buttons wait, which take no text", () => {
    const waiting = run({ event: msg("/menu"), flows: [...flows, menu] });
    expect(waiting.session.waitingFor?.kind).toBe("buttons");
    const result = run({ event: msg("price"), flows: [...flows, menu], session: waiting.session });
    expect(result.visited).toEqual(["kw", "reply"]);
    expect(result.session.waitingFor).toBeNull();
  });

  it("a command interrupts any wait, and the new flow starts with no variables", () => {
    const help = flow(
      "help",
      [
        ["cmd", "trigger.command", { command: "help" }],
        ["text", "message", say("Help [{{question}}]")],
      ],
      [["cmd", "next", "text"]],
    );
    const all = [question, help];
    const waiting = run({ event: msg("/form"), flows: all });
    const session = { ...waiting.session, variables: { question: "old" } };
    const result = run({ event: msg("/help"), flows: all, session });
    expect(result.visited).toEqual(["cmd", "text"]);
    expect(texts(result)).toEqual(["Help []"]);
    expect(result.session).toEqual({ ...emptySession, step: session.step + 1 });
  });
});

describe("trigger.event", () => {
  const payout = flow(
    "payout",
    [
      ["ev", "trigger.event", { event: "payout.credited" }],
      [
        "note",
        "message",
        say(
          "{{contact.first_name}}, {{event.amount}} credited ({{event.type}}, {{event.payout.id}})",
        ),
      ],
    ],
    [["ev", "next", "note"]],
  );
  const external = (name: string): RuntimeEvent => ({
    kind: "external",
    name,
    data: { amount: 12.5, payout: { id: "p-9" } },
  });

  it("an external event starts its flow, and its data is {{event.*}}", () => {
    const result = run({ event: external("payout.credited"), flows: [payout] });
    expect(result.visited).toEqual(["ev", "note"]);
    expect(texts(result)).toEqual(["Anna, 12.5 credited (payout.credited, p-9)"]);
  });

  it("interrupts a wait; an event nobody listens for changes nothing", () => {
    const session: SessionState = {
      flowVersionId: "payout@1",
      nodeId: "note",
      waitingFor: { kind: "buttons", nodeId: "note", since: 4 },
      variables: { x: "1" },
      step: 4,
    };
    const other = run({ event: external("payout.failed"), flows: [payout], session });
    expect(other.session).toBe(session);
    expect(other.effects).toEqual([]);
    const started = run({ event: external("payout.credited"), flows: [payout], session });
    expect(started.visited).toEqual(["ev", "note"]);
    expect(started.session).toEqual({ ...emptySession, step: 5 });
  });

  it("a message's scope has no event", () => {
    const f = flow(
      "f",
      [
        ["s", "trigger.start"],
        ["m", "message", say("[{{event.type}}]")],
      ],
      [["s", "next", "m"]],
    );
    expect(texts(run({ event: msg("/start"), flows: [f] }))).toEqual(["[]"]);
  });
});

describe("buttons", () => {
  const shop = flow(
    "shop",
    [
      ["start", "trigger.start"],
      [
        "menu",
        "buttons",
        {
          text: "Pick",
          buttons: [
            { id: "a", text: "A" },
            { id: "b", text: "B", sameRow: true },
            { id: "site", text: "Site", url: "https://example.com" },
            { id: "loose", text: "Unwired" },
          ],
        },
      ],
      ["gotA", "message", say("You chose A")],
      ["gotB", "message", say("You chose B")],
      ["ask", "ask", { text: "Why?" }],
    ],
    [
      ["start", "next", "menu"],
      ["menu", "a", "gotA"],
      ["menu", "b", "ask"],
    ],
  );
  const flows = [shop];
  const waiting = run({ event: msg("/start"), flows });

  it("sends the keyboard and waits for a press", () => {
    expect(waiting.visited).toEqual(["start", "menu"]);
    expect(waiting.session).toEqual({
      flowVersionId: "shop@1",
      nodeId: "menu",
      waitingFor: { kind: "buttons", nodeId: "menu", since: 1 },
      variables: {},
      step: 1,
    });
    expect(waiting.effects[0]).toMatchObject({
      call: {
        params: {
          reply_markup: {
            inline_keyboard: [
              [
                { text: "A", callback_data: "menu:a" },
                { text: "B", callback_data: "menu:b" },
              ],
              [{ text: "Site", url: "https://example.com" }],
              [{ text: "Unwired", callback_data: "menu:loose" }],
            ],
          },
        },
      },
    });
  });

  it("a press answers the callback query first, then follows the button's outcome", () => {
    const result = run({ event: press("menu:a", "cq-7"), flows, session: waiting.session });
    expect(result.visited).toEqual(["menu", "gotA"]);
    expect(result.effects[0]).toEqual({
      kind: "telegram",
      chatId: "1001",
      call: { method: "answerCallbackQuery", params: { callback_query_id: "cq-7" } },
    });
    expect(texts(result)).toEqual(["You chose A"]);
    expect(result.session).toEqual({ ...emptySession, step: 2 });
  });

  it("a button with no edge ends the flow", () => {
    const result = run({ event: press("menu:loose"), flows, session: waiting.session });
    expect(result.visited).toEqual(["menu"]);
    expect(answers(result)).toHaveLength(1);
    expect(result.session.waitingFor).toBeNull();
  });

  const asking = run({ event: press("menu:b"), flows, session: waiting.session });

  it.each<[string, string, SessionState]>([
    ["another node's button", "gotA:a", waiting.session],
    ["an unknown button", "menu:zzz", waiting.session],
    ["a link button's id", "menu:site", waiting.session],
    ["garbage", "x", waiting.session],
    ["an old button once the flow ended", "menu:a", { ...emptySession, step: 9 }],
    ["an old button while an ask waits", "menu:a", asking.session],
  ])("%s is answered and changes nothing", (_name, data, session) => {
    const result = run({ event: press(data, "cq-stale"), flows, session });
    expect(result.effects).toEqual([
      {
        kind: "telegram",
        chatId: "1001",
        call: { method: "answerCallbackQuery", params: { callback_query_id: "cq-stale" } },
      },
    ]);
    expect(result.visited).toEqual([]);
    expect(state(result.session)).toEqual(state(session));
  });

  it("answers every callback query exactly once", () => {
    for (const [data, session] of [
      ["menu:a", waiting.session],
      ["menu:b", waiting.session],
      ["menu:loose", waiting.session],
      ["menu:zzz", waiting.session],
      ["menu:a", asking.session],
      ["menu:a", emptySession],
    ] as const)
      expect(answers(run({ event: press(data), flows, session }))).toHaveLength(1);
  });
});

describe("ask", () => {
  const form = flow(
    "form",
    [
      ["start", "trigger.start"],
      [
        "q",
        "ask",
        {
          text: "Email?",
          answer: "email",
          variable: "email",
          retries: 1,
          retryText: "Not an email, {{contact.first_name}}",
          timeoutMinutes: 10,
        },
      ],
      ["ok", "message", say("Got {{email}}")],
      ["bad", "message", say("Giving up")],
      ["late", "message", say("Too slow")],
    ],
    [
      ["start", "next", "q"],
      ["q", "next", "ok"],
      ["q", "invalid", "bad"],
      ["q", "timeout", "late"],
    ],
  );
  const flows = [form];
  const asked = run({ event: msg("/start"), flows });

  it("asks, sets a timeout timer and waits with the step it began at", () => {
    expect(asked.session.waitingFor).toEqual({
      kind: "answer",
      nodeId: "q",
      since: 1,
      attempts: 0,
    });
    expect(asked.effects[1]).toEqual({ kind: "timer", due: now + 600_000, nodeId: "q", since: 1 });
  });

  it("a valid answer is stored and the flow goes on", () => {
    const result = run({ event: msg("Anna@Example.com"), flows, session: asked.session });
    expect(result.visited).toEqual(["q", "ok"]);
    expect(texts(result)).toEqual(["Got anna@example.com"]);
    expect(result.session).toEqual({
      ...emptySession,
      variables: { email: "anna@example.com" },
      step: 2,
    });
  });

  it("an invalid answer gets the retry text, then the invalid outcome", () => {
    const retry = run({ event: msg("nope"), flows, session: asked.session });
    expect(texts(retry)).toEqual(["Not an email, Anna"]);
    expect(retry.session).toMatchObject({
      nodeId: "q",
      waitingFor: { kind: "answer", nodeId: "q", since: 1, attempts: 1 },
      step: 2,
    });
    const gaveUp = run({ event: msg("still no"), flows, session: retry.session });
    expect(gaveUp.visited).toEqual(["q", "bad"]);
    expect(gaveUp.session.waitingFor).toBeNull();
  });

  it("the timer follows timeout, also after a retry (the wait keeps its step)", () => {
    const result = run({ event: timer("q", 1), flows, session: asked.session });
    expect(result.visited).toEqual(["q", "late"]);
    const retry = run({ event: msg("nope"), flows, session: asked.session });
    expect(run({ event: timer("q", 1), flows, session: retry.session }).visited).toEqual([
      "q",
      "late",
    ]);
  });

  it("a stale timer changes nothing", () => {
    for (const event of [timer("q", 0), timer("other", 1)]) {
      const result = run({ event, flows, session: asked.session });
      expect(result.session).toBe(asked.session);
      expect(result.effects).toEqual([]);
      expect(result.visited).toEqual([]);
    }
    // Answered before the timer came due: the session has moved on.
    const answered = run({ event: msg("a@b.co"), flows, session: asked.session });
    const late = run({ event: timer("q", 1), flows, session: answered.session });
    expect(late.session).toBe(answered.session);
  });

  it.each([
    ["number", "1 234,5", 1234.5],
    ["date", "29.02.2028", "2028-02-29"],
    ["phone", "+7 (912) 345-67-89", "+79123456789"],
    ["choice", "LARGE", "Large"],
  ])("%s answers are stored parsed", (answer, text, value) => {
    const f = flow(
      "f",
      [
        ["s", "trigger.start"],
        ["q", "ask", { answer, choices: ["Small", "Large"], variable: "v" }],
      ],
      [["s", "next", "q"]],
    );
    const waiting = run({ event: msg("/start"), flows: [f] });
    expect(
      run({ event: msg(text), flows: [f], session: waiting.session }).session.variables,
    ).toEqual({ v: value });
  });

  it("31.02 is not a date", () => {
    const f = flow(
      "f",
      [
        ["s", "trigger.start"],
        ["q", "ask", { answer: "date", retries: 0 }],
        ["bad", "message", say("bad date")],
      ],
      [
        ["s", "next", "q"],
        ["q", "invalid", "bad"],
      ],
    );
    const waiting = run({ event: msg("/start"), flows: [f] });
    expect(texts(run({ event: msg("31.02.2026"), flows: [f], session: waiting.session }))).toEqual([
      "bad date",
    ]);
  });
});

describe("contact.request", () => {
  const f = flow(
    "phone",
    [
      ["s", "trigger.start"],
      ["req", "contact.request"],
      ["yes", "message", say("Thanks")],
      ["no", "message", say("No phone")],
    ],
    [
      ["s", "next", "req"],
      ["req", "shared", "yes"],
      ["req", "invalid", "no"],
    ],
  );
  const waiting = run({ event: msg("/start"), flows: [f] });
  const share = (userId: string): RuntimeEvent => ({
    kind: "message",
    messageId: 2,
    contact: { phone: "79123456789", userId },
  });

  it("waits for the contact", () => {
    expect(waiting.session.waitingFor).toEqual({ kind: "contact", nodeId: "req", since: 1 });
  });

  it("the user's own contact sets the phone and follows shared", () => {
    const result = run({ event: share("1001"), flows: [f], session: waiting.session });
    expect(result.visited).toEqual(["req", "yes"]);
    expect(result.effects).toContainEqual({ kind: "contact", phone: "+79123456789" });
  });

  it("someone else's contact or plain text follows invalid and sets no phone", () => {
    for (const event of [share("2002"), msg("+79123456789")]) {
      const result = run({ event, flows: [f], session: waiting.session });
      expect(result.visited).toEqual(["req", "no"]);
      expect(result.effects.some((e) => e.kind === "contact")).toBe(false);
    }
  });
});

describe("condition and set", () => {
  const f = flow(
    "f",
    [
      ["s", "trigger.start"],
      [
        "set",
        "set",
        {
          assignments: [
            { variable: "n", value: "10" },
            { variable: "label", value: "n={{n}}" },
          ],
        },
      ],
      [
        "check",
        "condition",
        {
          match: "all",
          rules: [
            { left: "{{n}}", operator: "gt", right: "9" },
            { left: "vip", operator: "has_tag" },
          ],
        },
      ],
      ["yes", "message", say("yes {{label}}")],
      ["no", "message", say("no {{label}}")],
    ],
    [
      ["s", "next", "set"],
      ["set", "next", "check"],
      ["check", "true", "yes"],
      ["check", "false", "no"],
    ],
  );

  it("branches on the variables the set node just assigned, visiting in order", () => {
    const result = run({ event: msg("/start"), flows: [f] });
    expect(result.visited).toEqual(["s", "set", "check", "yes"]);
    expect(texts(result)).toEqual(["yes n=10"]);
    expect(result.session.variables).toEqual({ n: "10", label: "n=10" });
  });

  it("takes the false branch when a rule fails", () => {
    const result = run({ event: msg("/start"), flows: [f], contact: { ...anna, tags: [] } });
    expect(result.visited).toEqual(["s", "set", "check", "no"]);
  });

  it("does not modify the input session's variables", () => {
    const session: SessionState = { ...emptySession, variables: { keep: "me" }, step: 3 };
    const waitingAsk = flow(
      "a",
      [
        ["q", "ask", { variable: "answer" }],
        ["set", "set", { assignments: [{ variable: "x", value: "{{answer}}!" }] }],
      ],
      [["q", "next", "set"]],
    );
    const at: SessionState = {
      ...session,
      flowVersionId: "a@1",
      nodeId: "q",
      waitingFor: { kind: "answer", nodeId: "q", since: 3, attempts: 0 },
    };
    const result = run({ event: msg("hi"), flows: [waitingAsk], session: at });
    expect(result.session.variables).toEqual({ keep: "me", answer: "hi", x: "hi!" });
    expect(at.variables).toEqual({ keep: "me" });
  });
});

describe("wait", () => {
  const f = flow(
    "f",
    [
      ["s", "trigger.start"],
      ["w", "wait", { amount: 2, unit: "hours" }],
      ["after", "message", say("Still there?")],
    ],
    [
      ["s", "next", "w"],
      ["w", "next", "after"],
    ],
  );
  const waiting = run({ event: msg("/start"), flows: [f] });

  it("sets a timer due now + duration and waits", () => {
    const due = now + 2 * 3_600_000;
    expect(waiting.effects).toEqual([{ kind: "timer", due, nodeId: "w", since: 1 }]);
    expect(waiting.session.waitingFor).toEqual({ kind: "timer", nodeId: "w", since: 1, due });
  });

  it("its timer continues the flow", () => {
    const result = run({ event: timer("w", 1), flows: [f], session: waiting.session });
    expect(result.visited).toEqual(["w", "after"]);
    expect(texts(result)).toEqual(["Still there?"]);
  });

  it("messages, presses and stale timers do not continue it", () => {
    for (const event of [msg("hello"), timer("w", 0)]) {
      const result = run({ event, flows: [f], session: waiting.session });
      expect(result.session).toBe(waiting.session);
      expect(result.effects).toEqual([]);
    }
    const pressed = run({ event: press("w:next"), flows: [f], session: waiting.session });
    expect(pressed.visited).toEqual([]);
    expect(state(pressed.session)).toEqual(state(waiting.session));
  });
});

describe("handoff", () => {
  const f = flow(
    "f",
    [
      ["s", "trigger.start"],
      ["h", "handoff", { text: "An agent will answer, {{contact.first_name}}", note: "VIP" }],
      ["back", "message", say("Back with the bot")],
      ["other", "message", say("Picked up here")],
    ],
    [
      ["s", "next", "h"],
      ["h", "released", "back"],
    ],
  );
  const waiting = run({ event: msg("/start"), flows: [f] });
  const release = (nodeId: string | null, flowId: string | null = null): RuntimeEvent => ({
    kind: "release",
    flowId,
    nodeId,
  });

  it("hands the conversation to the inbox and waits", () => {
    expect(waiting.effects).toEqual([
      { kind: "handoff", text: "An agent will answer, Anna", note: "VIP" },
    ]);
    expect(waiting.session.waitingFor).toEqual({ kind: "handoff", nodeId: "h", since: 1 });
  });

  it("a release without a node takes the released outcome", () => {
    const result = run({ event: release(null), flows: [f], session: waiting.session });
    expect(result.visited).toEqual(["h", "back"]);
    expect(texts(result)).toEqual(["Back with the bot"]);
    expect(result.session.waitingFor).toBeNull();
  });

  it("a release to a node continues there, in the session's flow or the one named", () => {
    const here = run({ event: release("other"), flows: [f], session: waiting.session });
    expect(texts(here)).toEqual(["Picked up here"]);
    const g = flow("g", [
      ["gs", "trigger.start"],
      ["gm", "message", say("In another flow")],
    ]);
    const there = run({ event: release("gm", "g"), flows: [f, g], session: waiting.session });
    expect(texts(there)).toEqual(["In another flow"]);
    expect(there.visited).toEqual(["gm"]);
  });

  it("a release to a node that is gone ends the session and journals why", () => {
    const result = run({ event: release("nope"), flows: [f], session: waiting.session });
    expect(texts(result)).toEqual([]);
    expect(journal(result)).toEqual([
      {
        kind: "journal",
        type: "runtime.release_target_missing",
        data: { flowId: null, nodeId: "nope" },
      },
    ]);
    expect(result.session.waitingFor).toBeNull();
  });

  it("a release when the flow waits for something else changes nothing", () => {
    const buttons = flow(
      "b",
      [
        ["s", "trigger.start"],
        ["m", "buttons", { text: "Pick", buttons: [{ id: "a", text: "A" }] }],
      ],
      [["s", "next", "m"]],
    );
    const atMenu = run({ event: msg("/start"), flows: [buttons] });
    const result = run({ event: release(null), flows: [buttons], session: atMenu.session });
    expect(result.session).toBe(atMenu.session);
    expect(result.effects).toEqual([]);
  });
});

describe("split", () => {
  const f = flow(
    "f",
    [
      ["s", "trigger.start"],
      [
        "ab",
        "split",
        {
          branches: [
            { id: "a", weight: 50 },
            { id: "b", weight: 50 },
          ],
        },
      ],
      ["ma", "message", say("A")],
      ["mb", "message", say("B")],
    ],
    [
      ["s", "next", "ab"],
      ["ab", "a", "ma"],
      ["ab", "b", "mb"],
    ],
  );

  it("draws the branch with the injected random", () => {
    expect(texts(run({ event: msg("/start"), flows: [f], random: () => 0.1 }))).toEqual(["A"]);
    expect(texts(run({ event: msg("/start"), flows: [f], random: () => 0.9 }))).toEqual(["B"]);
  });
});

describe("goto", () => {
  const second = flow(
    "second",
    [
      ["entry", "trigger.command", { command: "second" }],
      ["hi", "message", say("In second, x={{x}}")],
      ["pick", "buttons", { text: "Pick", buttons: [{ id: "a" }] }],
    ],
    [
      ["entry", "next", "hi"],
      ["hi", "next", "pick"],
    ],
    3,
  );
  const first = (target: string) =>
    flow(
      "first",
      [
        ["s", "trigger.start"],
        ["set", "set", { assignments: [{ variable: "x", value: "1" }] }],
        ["jump", "goto", { flowId: target }],
      ],
      [
        ["s", "next", "set"],
        ["set", "next", "jump"],
      ],
    );

  it("continues at the other flow's trigger, keeping the variables and its version", () => {
    const result = run({ event: msg("/start"), flows: [first("second"), second] });
    expect(result.visited).toEqual(["s", "set", "jump", "entry", "hi", "pick"]);
    expect(texts(result)).toEqual(["In second, x=1", "Pick"]);
    expect(result.session).toMatchObject({
      flowVersionId: "second@3",
      nodeId: "pick",
      variables: { x: "1" },
    });
  });

  it("a missing flow is journaled and ends the session", () => {
    const result = run({ event: msg("/start"), flows: [first("gone"), second] });
    expect(result.visited).toEqual(["s", "set", "jump"]);
    expect(result.effects).toEqual([
      { kind: "journal", type: "runtime.goto_missing", data: { nodeId: "jump", flowId: "gone" } },
    ]);
    expect(result.session).toEqual({ ...emptySession, variables: { x: "1" }, step: 1 });
  });
});

describe("tag, field and notify", () => {
  it("emit their effects in path order", () => {
    const f = flow(
      "f",
      [
        ["s", "trigger.start"],
        ["t", "tag", { tags: ["lead"] }],
        ["fld", "field", { field: "source", value: "bot {{bot.username}}" }],
        ["n", "notify", { chatId: "-100500", text: "Lead: {{contact.first_name}}" }],
      ],
      [
        ["s", "next", "t"],
        ["t", "next", "fld"],
        ["fld", "next", "n"],
      ],
    );
    expect(run({ event: msg("/start"), flows: [f] }).effects).toEqual([
      { kind: "contact", addTags: ["lead"] },
      { kind: "contact", fields: { source: "bot shop_bot" } },
      {
        kind: "telegram",
        chatId: "-100500",
        call: { method: "sendMessage", params: { chat_id: "-100500", text: "Lead: Anna" } },
      },
    ]);
  });
});

describe("http", () => {
  const f = flow(
    "f",
    [
      ["s", "trigger.start"],
      [
        "call",
        "http",
        {
          method: "POST",
          url: "https://erp.example.com/c/{{contact.id}}",
          headers: [{ name: "Authorization", value: "Bearer {{token}}" }],
          body: '{"name":"{{contact.first_name}}"}',
          saveTo: "reply",
        },
      ],
      ["ok", "message", say("Order {{reply.order.id}}")],
      ["err", "message", say("Failed")],
    ],
    [
      ["s", "next", "call"],
      ["call", "ok", "ok"],
      ["call", "error", "err"],
    ],
  );
  const waiting = run({ event: msg("/start"), flows: [f] });
  const result = (ok: boolean, since = 1): RuntimeEvent => ({
    kind: "http_result",
    nodeId: "call",
    since,
    ok,
    status: ok ? 200 : 502,
    body: ok ? { order: { id: "o-5" } } : "Bad gateway",
  });

  it("queues the rendered request and waits for its result", () => {
    expect(waiting.effects).toEqual([
      {
        kind: "http",
        nodeId: "call",
        since: 1,
        request: {
          method: "POST",
          url: "https://erp.example.com/c/contact-1",
          headers: { Authorization: "Bearer " },
          body: '{"name":"Anna"}',
          timeoutSeconds: 10,
        },
      },
    ]);
    expect(waiting.session.waitingFor).toEqual({ kind: "http", nodeId: "call", since: 1 });
  });

  it("ok saves the response and follows ok", () => {
    const done = run({ event: result(true), flows: [f], session: waiting.session });
    expect(done.visited).toEqual(["call", "ok"]);
    expect(texts(done)).toEqual(["Order o-5"]);
    expect(done.session.variables).toEqual({ reply: { order: { id: "o-5" } } });
  });

  it("an error follows error", () => {
    const done = run({ event: result(false), flows: [f], session: waiting.session });
    expect(done.visited).toEqual(["call", "err"]);
    expect(done.session.variables).toEqual({});
  });

  it("a result for an earlier wait changes nothing", () => {
    const stale = run({ event: result(true, 0), flows: [f], session: waiting.session });
    expect(stale.session).toBe(waiting.session);
    expect(stale.effects).toEqual([]);
  });
});

describe("faq", () => {
  const support = flow(
    "support",
    [
      ["start", "trigger.start"],
      [
        "faq",
        "faq",
        {
          prompt: "Ask your question",
          entries: [
            {
              question: "Как получить файл?",
              keywords: ["доставка, получить, скачать"],
              answer: "Файл придёт в этот чат после оплаты.",
            },
            { question: "Возврат", keywords: ["вернуть деньги", "возврат"], answer: "14 дней." },
          ],
        },
      ],
      ["more", "message", say("Anything else?")],
      ["agent", "message", say("A person will answer.")],
    ],
    [
      ["start", "next", "faq"],
      ["faq", "answered", "more"],
      ["faq", "fallback", "agent"],
    ],
  );
  const prices = flow(
    "prices",
    [
      ["kw", "trigger.keyword", { keywords: ["возврат"] }],
      ["reply", "message", say("Keyword flow")],
    ],
    [["kw", "next", "reply"]],
  );
  const flows = [support, prices];
  const waiting = run({ event: msg("/start"), flows });

  it("sends the invitation with the questions and waits", () => {
    expect(waiting.visited).toEqual(["start", "faq"]);
    expect(texts(waiting)).toEqual(["Ask your question"]);
    expect(waiting.session.waitingFor).toEqual({ kind: "faq", nodeId: "faq", since: 1 });
  });

  it("answers a question in other word forms and follows answered", () => {
    const result = run({ event: msg("Когда будет доставка?"), flows, session: waiting.session });
    expect(result.visited).toEqual(["faq", "more"]);
    expect(texts(result)).toEqual(["Файл придёт в этот чат после оплаты.", "Anything else?"]);
    expect(journal(result)).toEqual([]);
    expect(result.session.flowVersionId).toBeNull();
  });

  it("answers a tapped question, answering the callback query once", () => {
    const result = run({ event: press("faq:1", "cq-9"), flows, session: waiting.session });
    expect(result.visited).toEqual(["faq", "more"]);
    expect(texts(result)).toEqual(["14 дней.", "Anything else?"]);
    expect(answers(result)).toHaveLength(1);
  });

  it("takes its text before keyword triggers do", () => {
    const result = run({ event: msg("возврат"), flows, session: waiting.session });
    expect(texts(result)).toEqual(["14 дней.", "Anything else?"]);
  });

  it("journals a question nothing answers and follows fallback", () => {
    const result = run({ event: msg("Какая погода?"), flows, session: waiting.session });
    expect(result.visited).toEqual(["faq", "agent"]);
    expect(texts(result)).toEqual(["A person will answer."]);
    expect(journal(result)).toEqual([
      { kind: "journal", type: "faq.unanswered", data: { nodeId: "faq", text: "Какая погода?" } },
    ]);
  });

  it("keeps answering when answered leads back to it, inviting again", () => {
    const loop = flow(
      "loop",
      [
        ["start", "trigger.start"],
        ["faq", "faq", { prompt: "Anything else?", entries: [{ keywords: ["a"], answer: "A!" }] }],
        ["agent", "message", say("Agent")],
      ],
      [
        ["start", "next", "faq"],
        ["faq", "answered", "faq"],
        ["faq", "fallback", "agent"],
      ],
    );
    const first = run({ event: msg("/start"), flows: [loop] });
    const second = run({ event: msg("a"), flows: [loop], session: first.session });
    expect(texts(second)).toEqual(["A!", "Anything else?"]);
    expect(second.session.waitingFor).toEqual({ kind: "faq", nodeId: "faq", since: 2 });
    const third = run({ event: msg("a"), flows: [loop], session: second.session });
    expect(texts(third)).toEqual(["A!", "Anything else?"]);
  });
});

describe("step limit", () => {
  const loop = flow(
    "loop",
    [
      ["s", "trigger.start"],
      ["inc", "set", { assignments: [{ variable: "n", value: "{{n}}x" }] }],
      ["again", "condition", { rules: [{ left: "1", operator: "eq", right: "1" }] }],
    ],
    [
      ["s", "next", "inc"],
      ["inc", "next", "again"],
      ["again", "true", "inc"],
    ],
  );

  it("halts a loop after maxSteps nodes, journals it and ends the session", () => {
    const result = run({ event: msg("/start"), flows: [loop], maxSteps: 5 });
    expect(result.visited).toEqual(["s", "inc", "again", "inc", "again"]);
    expect(journal(result)).toEqual([
      {
        kind: "journal",
        type: "runtime.step_limit",
        data: { flowVersionId: "loop@1", nodeId: "inc", steps: 5 },
      },
    ]);
    expect(result.session).toEqual({ ...emptySession, variables: { n: "xx" }, step: 1 });
  });

  it("defaults to 100 nodes", () => {
    const result = run({ event: msg("/start"), flows: [loop] });
    expect(result.visited).toHaveLength(100);
    expect(journal(result)).toMatchObject([{ type: "runtime.step_limit", data: { steps: 100 } }]);
  });

  it("a path of exactly maxSteps nodes is not a loop", () => {
    const f = flow(
      "f",
      [
        ["s", "trigger.start"],
        ["m", "message", say("x")],
      ],
      [["s", "next", "m"]],
    );
    expect(journal(run({ event: msg("/start"), flows: [f], maxSteps: 2 }))).toEqual([]);
  });
});

describe("nodes the runtime cannot run", () => {
  it.each([
    ["mystery", "a type nobody knows"],
    ["survey", "a type of a newer Botshop, in an imported flow"],
  ])("%s (%s) is journaled as unsupported and ends the session", (type) => {
    const f = flow(
      "f",
      [
        ["s", "trigger.start"],
        ["x", type],
        ["after", "message", say("never")],
      ],
      [
        ["s", "next", "x"],
        ["x", "next", "after"],
      ],
    );
    const result = run({ event: msg("/start"), flows: [f] });
    expect(result.visited).toEqual(["s", "x"]);
    expect(result.effects).toEqual([
      {
        kind: "journal",
        type: "runtime.unsupported_node",
        data: { flowVersionId: "f@1", nodeId: "x", type },
      },
    ]);
    expect(result.session.flowVersionId).toBeNull();
  });

  it("a config its schema refuses is journaled as invalid", () => {
    const f = flow(
      "f",
      [
        ["s", "trigger.start"],
        ["w", "wait", { amount: 0 }],
      ],
      [["s", "next", "w"]],
    );
    expect(run({ event: msg("/start"), flows: [f] }).effects).toEqual([
      {
        kind: "journal",
        type: "runtime.invalid_config",
        data: { flowVersionId: "f@1", nodeId: "w", type: "wait" },
      },
    ]);
  });
});

describe("session pinning", () => {
  const v1 = flow(
    "shop",
    [
      ["start", "trigger.start"],
      ["menu", "buttons", { text: "Old menu", buttons: [{ id: "a", text: "A" }] }],
      ["old", "message", say("Old answer")],
    ],
    [
      ["start", "next", "menu"],
      ["menu", "a", "old"],
    ],
    1,
  );
  const v2 = flow(
    "shop",
    [
      ["start", "trigger.start"],
      ["menu", "buttons", { text: "New menu", buttons: [{ id: "a", text: "A" }] }],
      ["new", "message", say("New answer")],
    ],
    [
      ["start", "next", "menu"],
      ["menu", "a", "new"],
    ],
    2,
  );
  const waitingInV1 = run({ event: msg("/start"), flows: [v1] }).session;

  it("a session waiting in an old version resumes there via pinned", () => {
    const result = run({ event: press("menu:a"), flows: [v2], pinned: v1, session: waitingInV1 });
    expect(result.visited).toEqual(["menu", "old"]);
    expect(texts(result)).toEqual(["Old answer"]);
  });

  it("without its version the wait cannot resume; the press is still answered", () => {
    const result = run({ event: press("menu:a"), flows: [v2], session: waitingInV1 });
    expect(result.visited).toEqual([]);
    expect(answers(result)).toHaveLength(1);
  });

  it("a new start runs the newest version", () => {
    const result = run({ event: msg("/start"), flows: [v2], pinned: v1, session: waitingInV1 });
    expect(texts(result)).toEqual(["New menu"]);
    expect(result.session.flowVersionId).toBe("shop@2");
  });
});

describe("session step", () => {
  const f = flow(
    "f",
    [
      ["s", "trigger.start"],
      ["pick", "buttons", { text: "Pick", buttons: [{ id: "a" }] }],
      ["q", "ask", { text: "Name?" }],
    ],
    [
      ["s", "next", "pick"],
      ["pick", "a", "q"],
    ],
  );

  it("an unmatched message leaves the very same session object", () => {
    const idle: SessionState = { ...emptySession, variables: { a: 1 }, step: 12 };
    const result = run({ event: msg("hello"), flows: [f], session: idle });
    expect(result).toEqual({ session: idle, effects: [], visited: [], hits: [], contact: anna });
    expect(result.session).toBe(idle);

    const waiting = run({ event: msg("/start"), flows: [f] }).session;
    expect(run({ event: msg("hello"), flows: [f], session: waiting }).session).toBe(waiting);
  });

  it("bumps by one per changing event, and each wait begins at the new step", () => {
    const first = run({ event: msg("/start"), flows: [f], session: { ...emptySession, step: 41 } });
    expect(first.session.step).toBe(42);
    expect(first.session.waitingFor).toMatchObject({ since: 42 });
    const second = run({ event: press("pick:a"), flows: [f], session: first.session });
    expect(second.session.step).toBe(43);
    expect(second.session.waitingFor).toMatchObject({ kind: "answer", since: 43 });
  });

  it("is pure: the same input gives the same output", () => {
    const input = { event: msg("/start"), flows: [f] };
    expect(run(input)).toEqual(run(input));
  });
});

describe("contact changes within one event", () => {
  it("are seen by later nodes: a tag by a condition, a shared phone by a message", () => {
    const f = flow(
      "f",
      [
        ["start", "trigger.start"],
        ["tag", "tag", { action: "add", tags: ["buyer"] }],
        ["check", "condition", { rules: [{ left: "x", operator: "has_tag", right: "buyer" }] }],
        ["yes", "message", say("Tagged, city {{contact.fields.city}}")],
        ["no", "message", say("Not tagged")],
        ["phone", "contact.request", { text: "Your phone?" }],
        ["after", "message", say("Got {{contact.phone}}")],
      ],
      [
        ["start", "next", "tag"],
        ["tag", "next", "check"],
        ["check", "true", "yes"],
        ["check", "false", "no"],
        ["yes", "next", "phone"],
        ["phone", "shared", "after"],
      ],
    );
    const started = run({ event: msg("/start"), flows: [f] });
    expect(texts(started)).toEqual(["Tagged, city Kazan", "Your phone?"]);
    const shared = run({
      event: {
        kind: "message",
        messageId: 2,
        contact: { phone: "7 900 123-45-67", userId: "1001" },
      },
      flows: [f],
      session: started.session,
    });
    expect(texts(shared)).toContain("Got +79001234567");
  });
});

describe("the payment node", () => {
  const shopFlow = flow(
    "shop",
    [
      ["s", "trigger.start"],
      [
        "pay",
        "payment",
        { product: "fixed", productId: "p-1", provider: "stars", timeoutMinutes: 30 },
      ],
      [
        "paid",
        "message",
        say("Thanks for {{order.product_title}} ({{order.amount}} {{order.currency}})"),
      ],
      ["failed", "message", say("It did not work")],
      ["canceled", "message", say("Canceled")],
      ["timeout", "message", say("Too late")],
    ],
    [
      ["s", "next", "pay"],
      ["pay", "paid", "paid"],
      ["pay", "failed", "failed"],
      ["pay", "canceled", "canceled"],
      ["pay", "timeout", "timeout"],
    ],
  );
  const started = run({ event: msg("/start"), flows: [shopFlow] });
  const order = {
    id: "o-1",
    amount: "150",
    currency: "XTR",
    product_title: "Course",
    status: "paid",
    payment_url: "",
  };
  const texts = (r: StepResult) =>
    r.effects.flatMap((e) => (e.kind === "telegram" ? [e.call.params.text] : []));

  it("asks for the offer with a key per wait, sets the timeout, and waits", () => {
    expect(started.effects).toEqual([
      {
        kind: "payment",
        nodeId: "pay",
        since: 1,
        orderKey: "pay:contact-1:pay:1",
        productId: "p-1",
        provider: "stars",
        expiresAt: now + 30 * 60_000,
        text: "",
        buttonText: "",
      },
      { kind: "timer", due: now + 30 * 60_000, nodeId: "pay", since: 1 },
    ]);
    expect(started.session.waitingFor).toEqual({
      kind: "payment",
      nodeId: "pay",
      since: 1,
      due: now + 30 * 60_000,
    });
  });

  it.each(["paid", "failed", "canceled"] as const)(
    "follows %s with the order in scope",
    (outcome) => {
      const result = run({
        event: { kind: "payment", nodeId: "pay", since: 1, outcome, order },
        session: started.session,
        flows: [shopFlow],
      });
      expect(result.visited).toEqual(["pay", outcome]);
      if (outcome === "paid") expect(texts(result)).toEqual(["Thanks for Course (150 XTR)"]);
      expect(result.session.variables).toEqual({ $order: order });
    },
  );

  it("ignores an outcome for an earlier wait", () => {
    const result = run({
      event: { kind: "payment", nodeId: "pay", since: 0, outcome: "paid", order },
      session: started.session,
      flows: [shopFlow],
    });
    expect(result.effects).toEqual([]);
    expect(result.session).toBe(started.session);
  });

  it("times out: the order expires and the flow takes timeout", () => {
    const result = run({ event: timer("pay", 1), session: started.session, flows: [shopFlow] });
    expect(result.effects[0]).toEqual({ kind: "order_expire", orderKey: "pay:contact-1:pay:1" });
    expect(texts(result)).toEqual(["Too late"]);
  });
});

describe("the catalog node", () => {
  const products = [
    { id: "p-book", title: "E-book", priceMinor: 49900, currency: "RUB" },
    { id: "p-stars", title: "Presets", priceMinor: 150, currency: "XTR" },
  ];
  const shop = flow(
    "shop",
    [
      ["s", "trigger.start"],
      ["cat", "catalog", { text: "Pick one:" }],
      ["pay", "payment", { product: "selected", provider: "stars" }],
      ["none", "message", say("Nothing on sale")],
    ],
    [
      ["s", "next", "cat"],
      ["cat", "selected", "pay"],
      ["cat", "empty", "none"],
    ],
  );
  const shown = run({ event: msg("/start"), flows: [shop], products });

  it("shows the active products with their prices in the buyer's language, and waits", () => {
    const [send] = shown.effects;
    expect(send).toMatchObject({
      kind: "telegram",
      call: {
        method: "sendMessage",
        params: {
          text: "Pick one:",
          reply_markup: {
            inline_keyboard: [
              [{ text: expect.stringMatching(/^E-book · 499,00\s₽$/), callback_data: "cat:0" }],
              [{ text: "Presets · ⭐ 150", callback_data: "cat:1" }],
            ],
          },
        },
      },
    });
    expect(shown.session.waitingFor).toEqual({
      kind: "catalog",
      nodeId: "cat",
      since: 1,
      productIds: ["p-book", "p-stars"],
    });
  });

  it("remembers the pick for the payment node, even if the list changed since", () => {
    const picked = run({
      event: press("cat:1"),
      session: shown.session,
      flows: [shop],
      products: [products[1]!],
    });
    expect(picked.visited).toEqual(["cat", "pay"]);
    expect(picked.effects.find((e) => e.kind === "payment")).toMatchObject({
      productId: "p-stars",
    });
  });

  it("ignores a button that was never shown", () => {
    const stale = run({ event: press("cat:7"), session: shown.session, flows: [shop], products });
    expect(stale.visited).toEqual([]);
    expect(stale.effects).toEqual([
      {
        kind: "telegram",
        chatId: "1001",
        call: expect.objectContaining({ method: "answerCallbackQuery" }),
      },
    ]);
  });

  it("asks for the products when they were not loaded, and decides nothing yet", () => {
    const unloaded = run({ event: msg("/start"), flows: [shop] });
    expect(unloaded).toEqual({
      session: emptySession,
      effects: [],
      visited: [],
      hits: [],
      contact: anna,
      needs: "products",
    });
  });

  it("takes empty when there is nothing to sell", () => {
    const empty = run({ event: msg("/start"), flows: [shop], products: [] });
    expect(empty.visited).toEqual(["s", "cat", "none"]);
  });
});

describe("the path for the funnel (hits)", () => {
  const items = (result: StepResult) => result.hits.map((h) => `${h.flowVersionId} ${h.item}`);
  const shop = flow(
    "shop",
    [
      ["start", "trigger.start"],
      ["menu", "buttons", { text: "Menu", buttons: [{ id: "a" }, { id: "b" }, { id: "loose" }] }],
      ["gotA", "message", say("A")],
      ["jump", "goto", { flowId: "other" }],
    ],
    [
      ["start", "next", "menu"],
      ["menu", "a", "gotA"],
      ["menu", "b", "jump"],
    ],
    4,
  );
  const other = flow(
    "other",
    [
      ["entry", "trigger.command", { command: "other" }],
      ["hi", "message", say("Other")],
    ],
    [["entry", "next", "hi"]],
    2,
  );
  const flows = [shop, other];
  const waiting = run({ event: msg("/start"), flows });

  it("names the nodes reached and the edges followed up to a wait, under the version", () => {
    expect(items(waiting)).toEqual([
      "shop@4 n:start",
      "shop@4 e:start.next->menu",
      "shop@4 n:menu",
    ]);
  });

  it("resuming a waiting node counts the node and the outcome's edge", () => {
    const pressed = run({ event: press("menu:a"), flows, session: waiting.session });
    expect(items(pressed)).toEqual(["shop@4 n:menu", "shop@4 e:menu.a->gotA", "shop@4 n:gotA"]);
  });

  it("an outcome with no edge ends at the node: no edge is named", () => {
    const pressed = run({ event: press("menu:loose"), flows, session: waiting.session });
    expect(items(pressed)).toEqual(["shop@4 n:menu"]);
  });

  it("a goto names the other flow's nodes under that flow's own version", () => {
    const pressed = run({ event: press("menu:b"), flows, session: waiting.session });
    expect(items(pressed)).toEqual([
      "shop@4 n:menu",
      "shop@4 e:menu.b->jump",
      "shop@4 n:jump",
      "other@2 n:entry",
      "other@2 e:entry.next->hi",
      "other@2 n:hi",
    ]);
  });

  it("a session pinned to an older version is counted in that version", () => {
    const v5 = { ...shop, versionId: "shop@5" };
    const pressed = run({
      event: press("menu:a"),
      flows: [v5, other],
      pinned: shop,
      session: waiting.session,
    });
    expect(items(pressed)).toEqual(["shop@4 n:menu", "shop@4 e:menu.a->gotA", "shop@4 n:gotA"]);
  });

  it("a loop names each node and edge once", () => {
    const loop = flow(
      "loop",
      [
        ["s", "trigger.start"],
        ["inc", "set", { assignments: [{ variable: "n", value: "{{n}}x" }] }],
        ["again", "condition", { rules: [{ left: "{{n}}", operator: "neq", right: "xxx" }] }],
        ["done", "message", say("Done")],
      ],
      [
        ["s", "next", "inc"],
        ["inc", "next", "again"],
        ["again", "true", "inc"],
        ["again", "false", "done"],
      ],
    );
    const result = run({ event: msg("/start"), flows: [loop] });
    expect(result.visited).toEqual(["s", "inc", "again", "inc", "again", "inc", "again", "done"]);
    expect(items(result)).toEqual([
      "loop@1 n:s",
      "loop@1 e:s.next->inc",
      "loop@1 n:inc",
      "loop@1 e:inc.next->again",
      "loop@1 n:again",
      "loop@1 e:again.true->inc",
      "loop@1 e:again.false->done",
      "loop@1 n:done",
    ]);
  });

  it("an event that runs nothing names nothing", () => {
    expect(run({ event: msg("hello"), flows }).hits).toEqual([]);
    expect(run({ event: timer("menu", 99), flows, session: waiting.session }).hits).toEqual([]);
  });
});
