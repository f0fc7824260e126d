import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { createTestShop } from "@/test/flows";
import { contacts, journal, outbox, sessions } from "@/lib/db/schema";
import { createFlow } from "@/lib/flows/flows";
import { updateSupportSettings } from "@/lib/inbox/support";
import type { FlowDocument } from "@/lib/flow/document";
import type { PreviewResult } from "@/lib/runtime/preview-schema";
import { POST } from "./route";

/** /start → greeting → Yes/No; Yes asks an email, tags, waits an hour, thanks; No calls out. */
const shopDocument: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: { payload: "" } },
    {
      id: "hello",
      type: "message",
      position: { x: 0, y: 0 },
      config: { text: "Hi <b>{{contact.first_name}}</b>, I am @{{bot.username}}", format: "html" },
    },
    {
      id: "menu",
      type: "buttons",
      position: { x: 0, y: 0 },
      config: {
        text: "Want the newsletter?",
        buttons: [
          { id: "yes", text: "Yes" },
          { id: "no", text: "No", sameRow: true },
          { id: "site", text: "Our site", url: "https://example.com" },
        ],
      },
    },
    {
      id: "email",
      type: "ask",
      position: { x: 0, y: 0 },
      config: {
        text: "Your email?",
        answer: "email",
        variable: "email",
        retries: 1,
        retryText: "That is not an email",
      },
    },
    { id: "vip", type: "tag", position: { x: 0, y: 0 }, config: { tags: ["subscriber"] } },
    { id: "pause", type: "wait", position: { x: 0, y: 0 }, config: { amount: 1, unit: "hours" } },
    {
      id: "thanks",
      type: "message",
      position: { x: 0, y: 0 },
      config: { text: "Thanks, {{email}}!" },
    },
    {
      id: "call",
      type: "http",
      position: { x: 0, y: 0 },
      config: { method: "POST", url: "https://crm.example.com/leads", saveTo: "lead" },
    },
    { id: "ok", type: "message", position: { x: 0, y: 0 }, config: { text: "Saved" } },
    { id: "failed", type: "message", position: { x: 0, y: 0 }, config: { text: "Failed" } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "hello" },
    { id: "e2", source: "hello", sourceHandle: "next", target: "menu" },
    { id: "e3", source: "menu", sourceHandle: "yes", target: "email" },
    { id: "e4", source: "email", sourceHandle: "next", target: "vip" },
    { id: "e5", source: "vip", sourceHandle: "next", target: "pause" },
    { id: "e6", source: "pause", sourceHandle: "next", target: "thanks" },
    { id: "e7", source: "menu", sourceHandle: "no", target: "call" },
    { id: "e8", source: "call", sourceHandle: "ok", target: "ok" },
    { id: "e9", source: "call", sourceHandle: "error", target: "failed" },
  ],
  variables: [],
};

describe("POST /api/v1/flows/{id}/preview", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let botId: string;
  let flowId: string;

  beforeAll(async () => {
    const shop = await createTestShop(db());
    owner = shop.owner;
    botId = shop.botId;
    const flow = await createFlow(db(), {
      workspaceId: owner.workspaceId,
      botId: shop.botId,
      name: "Newsletter",
      actor: { type: "system" },
    });
    flowId = flow.id;
  });

  function send(body: unknown, headers: Record<string, string> = owner.session, id = flowId) {
    return call(POST, `/api/v1/flows/${id}/preview`, {
      method: "POST",
      params: { id },
      headers,
      body,
    });
  }

  /** One step of a conversation: the previous answer's session and contact go back. */
  async function next(
    previous: PreviewResult | null,
    event: Record<string, unknown>,
    document: FlowDocument = shopDocument,
  ): Promise<PreviewResult> {
    const res = await send({
      document,
      session: previous?.session ?? null,
      event,
      ...(previous ? { contact: previous.contact } : {}),
    });
    expect(res.status).toBe(200);
    return res.json();
  }

  it("answers /start with the greeting and the buttons, and stores nothing", async () => {
    const r = await next(null, { kind: "message", text: "/start" });
    expect(r.visited).toEqual(["start", "hello", "menu"]);
    // The signed-in user's first name, the bot's username, escaped for HTML as sent.
    expect(r.messages[0]).toMatchObject({
      text: "Hi <b>Owner</b>, I am @shop_bot",
      parseMode: "HTML",
      inlineKeyboard: null,
    });
    expect(r.messages[1]).toMatchObject({
      text: "Want the newsletter?",
      parseMode: null,
      inlineKeyboard: [
        [
          { text: "Yes", data: "menu:yes" },
          { text: "No", data: "menu:no" },
        ],
        [{ text: "Our site", url: "https://example.com" }],
      ],
    });
    expect(r.waitingFor).toMatchObject({ kind: "buttons", nodeId: "menu" });
    expect(r.session.flowVersionId).toBe("draft");
    expect(r.contact.firstName).toBe("Owner");
    expect(r.notes).toEqual([]);

    for (const table of [contacts, sessions, outbox])
      expect(await db().select().from(table)).toEqual([]);
    const kinds = (await db().select().from(journal)).map((j) => j.kind);
    expect(kinds.filter((k) => k.startsWith("runtime."))).toEqual([]);
  });

  it("runs a button press, validates the answer, tags the contact and skips the wait", async () => {
    const started = await next(null, { kind: "message", text: "/start" });
    const pressed = await next(started, { kind: "callback", data: "menu:yes" });
    expect(pressed.visited).toEqual(["menu", "email"]);
    expect(pressed.messages.map((m) => m.text)).toEqual(["Your email?"]);
    expect(pressed.waitingFor).toMatchObject({ kind: "answer", nodeId: "email", attempts: 0 });

    const wrong = await next(pressed, { kind: "message", text: "not an email" });
    expect(wrong.messages.map((m) => m.text)).toEqual(["That is not an email"]);
    expect(wrong.waitingFor).toMatchObject({ kind: "answer", nodeId: "email", attempts: 1 });

    const answered = await next(wrong, { kind: "message", text: "Anna@Example.com" });
    expect(answered.variables).toEqual({ email: "anna@example.com" });
    expect(answered.visited).toEqual(["email", "vip", "pause"]);
    expect(answered.contact.tags).toEqual(["subscriber"]);
    const timer = answered.notes.find((n) => n.kind === "timer");
    expect(answered.notes.map((n) => n.kind)).toEqual(["contact", "timer"]);
    expect(timer).toMatchObject({ nodeId: "pause", delayMs: 3_600_000 });
    expect(answered.waitingFor).toMatchObject({ kind: "timer", nodeId: "pause" });

    // "Skip the wait": the timer event the note names.
    if (timer?.kind !== "timer") throw new Error("no timer note");
    const skipped = await next(answered, { kind: "timer", nodeId: "pause", since: timer.since });
    expect(skipped.messages.map((m) => m.text)).toEqual(["Thanks, anna@example.com!"]);
    expect(skipped.session.nodeId).toBeNull();
    expect(skipped.waitingFor).toBeNull();
    // The contact the client sent back kept its tag.
    expect(skipped.contact.tags).toEqual(["subscriber"]);

    // A stale timer (an earlier wait) changes nothing and says so.
    const stale = await next(skipped, { kind: "timer", nodeId: "pause", since: timer.since });
    expect(stale.notes).toEqual([{ kind: "ignored", after: 0 }]);
    expect(stale.visited).toEqual([]);
  });

  it("never calls out for an http node: a note, then a simulated answer", async () => {
    const started = await next(null, { kind: "message", text: "/start" });
    const pressed = await next(started, { kind: "callback", data: "menu:no" });
    expect(pressed.messages).toEqual([]);
    expect(pressed.notes).toEqual([
      {
        kind: "http",
        after: 0,
        nodeId: "call",
        since: pressed.session.step,
        method: "POST",
        url: "https://crm.example.com/leads",
      },
    ]);
    const failed = await next(pressed, {
      kind: "http_result",
      nodeId: "call",
      since: pressed.session.step,
      ok: false,
      status: 500,
    });
    expect(failed.messages.map((m) => m.text)).toEqual(["Failed"]);
  });

  it("runs the document it is sent, unsaved edits included", async () => {
    const edited: FlowDocument = {
      ...shopDocument,
      nodes: [
        ...shopDocument.nodes.filter((n) => n.id !== "hello"),
        { id: "hello", type: "handoff", position: { x: 0, y: 0 }, config: {} },
      ],
    };
    const r = await next(null, { kind: "message", text: "/start" }, edited);
    // The node has no text of its own: the buyer would get the built-in one…
    expect(r.messages.map((m) => m.text)).toEqual([
      "A person from our team will answer you here shortly.",
    ]);
    // …or the bot's, once it has one.
    await updateSupportSettings(db(), {
      workspaceId: owner.workspaceId,
      botId,
      actor: { type: "system" },
      changes: { handoffText: "Olga will answer you in a minute" },
    });
    const again = await next(null, { kind: "message", text: "/start" }, edited);
    expect(again.messages.map((m) => m.text)).toEqual(["Olga will answer you in a minute"]);
    expect(r.notes).toEqual([{ kind: "handoff", after: 1, note: "" }]);
    expect(r.waitingFor).toMatchObject({ kind: "handoff", nodeId: "hello" });
  });

  it("shares the person's own phone with a contact request", async () => {
    const document: FlowDocument = {
      version: 1,
      nodes: [
        { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
        {
          id: "phone",
          type: "contact.request",
          position: { x: 0, y: 0 },
          config: { text: "Your phone?", buttonText: "Share" },
        },
        {
          id: "done",
          type: "message",
          position: { x: 0, y: 0 },
          config: { text: "Got it" },
        },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "next", target: "phone" },
        { id: "e2", source: "phone", sourceHandle: "shared", target: "done" },
      ],
      variables: [],
    };
    const asked = await next(null, { kind: "message", text: "/start" }, document);
    expect(asked.messages[0]?.replyKeyboard).toEqual([[{ text: "Share", requestContact: true }]]);
    const shared = await next(asked, { kind: "contact", phone: "7 900 123-45-67" }, document);
    expect(shared.contact.phone).toBe("+79001234567");
    expect(shared.messages.map((m) => [m.text, m.removeKeyboard])).toEqual([
      ["✓", true],
      ["Got it", false],
    ]);
  });

  it("is 401 without a session or key", async () => {
    const res = await send(
      { document: shopDocument, session: null, event: { kind: "message", text: "/start" } },
      {},
    );
    expect(res.status).toBe(401);
  });

  it("is 404 for another workspace's flow", async () => {
    const other: TestAccount = await createTestAccount(db(), "Mallory");
    for (const headers of [other.session, other.apiKey]) {
      const res = await send(
        { document: shopDocument, session: null, event: { kind: "message", text: "/start" } },
        headers,
      );
      expect(res.status).toBe(404);
    }
  });

  it("refuses a malformed body, event or document with a 4xx", async () => {
    const malformed = await send('{"document": ');
    expect(malformed.status).toBe(400);

    const badEvent = await send({
      document: shopDocument,
      session: null,
      event: { kind: "teleport" },
    });
    expect(badEvent.status).toBe(422);

    const badDocument = await send({
      document: { version: 1, nodes: "many" },
      session: null,
      event: { kind: "message", text: "/start" },
    });
    expect(badDocument.status).toBe(422);
    const json = await badDocument.json();
    expect(json.error.details[0].path).toMatch(/^document/);
  });
});
