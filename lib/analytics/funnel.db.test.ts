import { count, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as funnelRoute } from "@/app/api/v1/flows/[id]/funnel/route";
import { POST as previewRoute } from "@/app/api/v1/flows/[id]/preview/route";
import { flowHits, flowVersions } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import { createFlow, deleteFlow } from "@/lib/flows/flows";
import { useTestDatabase } from "@/test/db";
import { callbackUpdate, messageUpdate } from "@/test/fakes/telegram";
import { call, createTestAccount } from "@/test/http";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";

/*
 * The funnel end to end: contacts talk to a published flow through the real webhook route, each
 * event stores its path in its own transaction, and GET /api/v1/flows/{id}/funnel counts them.
 */

const helpFlow: FlowDocument = {
  version: 1,
  nodes: [
    {
      id: "hstart",
      type: "trigger.command",
      position: { x: 0, y: 0 },
      config: { command: "help" },
    },
    { id: "hmsg", type: "message", position: { x: 300, y: 0 }, config: { text: "How to buy" } },
  ],
  edges: [{ id: "h1", source: "hstart", sourceHandle: "next", target: "hmsg" }],
  variables: [],
};

function shopFlow(helpFlowId: string, greeting = "Hi!"): FlowDocument {
  return {
    version: 1,
    nodes: [
      { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
      { id: "hello", type: "message", position: { x: 300, y: 0 }, config: { text: greeting } },
      {
        id: "menu",
        type: "buttons",
        position: { x: 600, y: 0 },
        config: {
          text: "What would you like?",
          buttons: [
            { id: "buy", text: "Buy" },
            { id: "help", text: "Help" },
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
      { id: "thanks", type: "message", position: { x: 1200, y: 0 }, config: { text: "Thanks" } },
      { id: "sorry", type: "message", position: { x: 1200, y: 200 }, config: { text: "Sorry" } },
      { id: "support", type: "goto", position: { x: 900, y: 200 }, config: { flowId: helpFlowId } },
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
}

interface FunnelBody {
  version: { id: string; n: number; publishedAt: string } | null;
  contacts: number;
  nodes: { nodeId: string; reached: number; left: number; waiting: number; exits: number }[];
  edges: { edgeId: string; count: number }[];
}

/** "reached/left/waiting" per node and the count per edge: exact figures at a glance. */
function figures(body: FunnelBody) {
  return {
    n: body.version?.n ?? null,
    contacts: body.contacts,
    nodes: Object.fromEntries(
      body.nodes.map((x) => [x.nodeId, `${x.reached}/${x.left}/${x.waiting}`]),
    ),
    edges: Object.fromEntries(body.edges.map((e) => [e.edgeId, e.count])),
  };
}

describe("the funnel of a published flow", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let shopFlowId: string;
  let helpFlowId: string;
  let updateId = 5000;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
    helpFlowId = (await shop.publish(helpFlow)).flowId;
    shopFlowId = (await shop.publish(shopFlow(helpFlowId))).flowId;
  });

  const send = async (chatId: number, text: string) => {
    const res = await shop.deliver({ ...messageUpdate({ chatId, text }), update_id: ++updateId });
    expect(res.status).toBe(200);
    await shop.drain();
  };
  /** Presses a button of the newest keyboard the bot sent to the chat. */
  const pressUpdate = (chatId: number, data: string) => {
    const keyboard = telegram()
      .messagesIn(chatId, shop.fakeBot.token)
      .findLast((m) => m.reply_markup);
    return {
      ...callbackUpdate({ chatId, data, messageId: keyboard!.message_id, bot: shop.fakeBot }),
      update_id: ++updateId,
    };
  };
  const press = async (chatId: number, data: string) => {
    expect((await shop.deliver(pressUpdate(chatId, data))).status).toBe(200);
    await shop.drain();
  };
  const funnel = async (flowId: string, query?: Record<string, string>, as = shop.owner) => {
    const res = await call(funnelRoute, `/api/v1/flows/${flowId}/funnel`, {
      params: { id: flowId },
      query,
      headers: as.session,
    });
    return { status: res.status, body: (await res.json()) as FunnelBody };
  };

  it("counts each contact once per node and edge, and tells leaving from waiting", async () => {
    // Ann buys and leaves her email: the whole way to "thanks".
    await send(1, "/start");
    await press(1, "menu:buy");
    await send(1, "ann@example.com");
    // Boris starts twice, then is asked for his email and has not answered yet.
    await send(2, "/start");
    await send(2, "/start");
    await press(2, "menu:buy");
    // Clara asks for help: the goto continues in the help flow.
    await send(3, "/start");
    await press(3, "menu:help");
    // Dan got the menu and has not pressed anything.
    await send(4, "/start");
    // Eva types two wrong emails: one retry, then the invalid outcome.
    await send(5, "/start");
    await press(5, "menu:buy");
    await send(5, "nope");
    await send(5, "still nope");
    // Fedor sees the menu, then starts the help flow himself: he left the menu.
    await send(6, "/start");
    await send(6, "/help");
    expect(shop.texts(1).at(-1)).toBe("Thanks");
    expect(shop.texts(3).at(-1)).toBe("How to buy");
    expect(shop.texts(5).at(-1)).toBe("Sorry");

    const { status, body } = await funnel(shopFlowId);
    expect(status).toBe(200);
    expect(figures(body)).toEqual({
      n: 1,
      contacts: 6,
      // reached / left / waiting now
      nodes: {
        start: "6/0/0",
        hello: "6/0/0",
        menu: "6/1/1",
        email: "3/0/1",
        thanks: "1/1/0",
        sorry: "1/1/0",
        support: "1/1/0",
      },
      edges: { e1: 6, e2: 6, e3: 3, e4: 1, e5: 1, e6: 1 },
    });
    // Where paths end by design: no connection leaves thanks, sorry or the goto.
    expect(body.nodes.map((x) => [x.nodeId, x.exits])).toEqual([
      ["start", 1],
      ["hello", 1],
      ["menu", 2],
      ["email", 2],
      ["thanks", 0],
      ["sorry", 0],
      ["support", 0],
    ]);
    expect(figures((await funnel(helpFlowId)).body)).toEqual({
      n: 1,
      contacts: 2,
      nodes: { hstart: "2/0/0", hmsg: "2/2/0" },
      edges: { h1: 2 },
    });
  });

  it("a redelivered update counts nothing twice", async () => {
    const before = await db().select({ n: count() }).from(flowHits);
    await send(7, "/start");
    const pressed = pressUpdate(7, "menu:help");
    expect((await shop.deliver(pressed)).status).toBe(200);
    expect((await shop.deliver(pressed)).status).toBe(200);
    await shop.drain();
    const after = await db().select({ n: count() }).from(flowHits);
    // start, e1, hello, e2, menu; then e4, support, and the help flow's hstart, h1, hmsg.
    expect(after[0]!.n - before[0]!.n).toBe(10);
    const { body } = await funnel(shopFlowId);
    expect(figures(body).edges).toMatchObject({ e4: 2 });
    expect(figures(body).nodes).toMatchObject({ support: "2/2/0", menu: "7/1/1" });
  });

  it("the editor's preview stores nothing", async () => {
    const before = await db().select({ n: count() }).from(flowHits);
    const res = await call(previewRoute, `/api/v1/flows/${shopFlowId}/preview`, {
      method: "POST",
      params: { id: shopFlowId },
      headers: shop.owner.session,
      body: {
        document: shopFlow(helpFlowId),
        session: null,
        event: { kind: "message", text: "/start" },
      },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { visited: string[] }).visited).toEqual([
      "start",
      "hello",
      "menu",
    ]);
    expect(await db().select({ n: count() }).from(flowHits)).toEqual(before);
  });

  it("a session pinned to version 1 is counted there after version 2 is published", async () => {
    await shop.publish(shopFlow(helpFlowId, "Hello again!"), shopFlowId);
    // Boris answers the question version 1 asked him.
    await send(2, "boris@example.com");
    expect(shop.texts(2).at(-1)).toBe("Thanks");
    // Greta arrives on version 2.
    await send(8, "/start");
    expect(shop.texts(8)[0]).toBe("Hello again!");

    const newest = await funnel(shopFlowId);
    expect(figures(newest.body)).toEqual({
      n: 2,
      contacts: 1,
      nodes: {
        start: "1/0/0",
        hello: "1/0/0",
        menu: "1/0/1",
        email: "0/0/0",
        thanks: "0/0/0",
        sorry: "0/0/0",
        support: "0/0/0",
      },
      edges: { e1: 1, e2: 1, e3: 0, e4: 0, e5: 0, e6: 0 },
    });

    const first = await funnel(shopFlowId, { version: "1" });
    expect(figures(first.body)).toMatchObject({
      n: 1,
      contacts: 7,
      nodes: { email: "3/0/0", thanks: "2/2/0" },
      edges: { e5: 2 },
    });
    const [v1] = await db()
      .select({ id: flowVersions.id })
      .from(flowVersions)
      .where(eq(flowVersions.id, first.body.version!.id));
    const byId = await funnel(shopFlowId, { version: v1!.id });
    expect(byId.body).toEqual(first.body);
  });

  it("answers 404 for a version that is not there, 422 for a malformed one", async () => {
    expect((await funnel(shopFlowId, { version: "9" })).status).toBe(404);
    expect((await funnel(shopFlowId, { version: crypto.randomUUID() })).status).toBe(404);
    // Another flow's version id is not this flow's.
    const help = await funnel(helpFlowId);
    expect((await funnel(shopFlowId, { version: help.body.version!.id })).status).toBe(404);
    expect((await funnel(shopFlowId, { version: "first" })).status).toBe(422);
    expect((await funnel(shopFlowId, { version: "0" })).status).toBe(422);
  });

  it("a flow never published has no version and no figures", async () => {
    const { id } = await createFlow(db(), {
      workspaceId: shop.workspaceId,
      botId: shop.botId,
      name: "Draft only",
      actor: { type: "system" },
    });
    const { status, body } = await funnel(id);
    expect(status).toBe(200);
    expect(body).toEqual({ version: null, contacts: 0, nodes: [], edges: [] });
  });

  it("deleting a flow deletes its funnel rows, and no other flow's", async () => {
    // Counted by version id: the versions themselves go with the flow.
    const versionsOf = async (flowId: string) =>
      (
        await db()
          .select({ id: flowVersions.id })
          .from(flowVersions)
          .where(eq(flowVersions.flowId, flowId))
      ).map((v) => v.id);
    const hitsIn = async (versionIds: string[]) =>
      (
        await db()
          .select({ n: count() })
          .from(flowHits)
          .where(inArray(flowHits.flowVersionId, versionIds))
      )[0]!.n;
    const byeFlow: FlowDocument = {
      ...helpFlow,
      nodes: helpFlow.nodes.map((n) =>
        n.id === "hstart" ? { ...n, config: { command: "bye" } } : n,
      ),
    };
    const { flowId } = await shop.publish(byeFlow);
    await send(990, "/bye");
    const [byeVersions, shopVersions] = [await versionsOf(flowId), await versionsOf(shopFlowId)];
    expect(await hitsIn(byeVersions)).toBe(3);
    const others = await hitsIn(shopVersions);
    await deleteFlow(db(), shop.workspaceId, flowId, { type: "system" });
    expect(await hitsIn(byeVersions)).toBe(0);
    expect(await hitsIn(shopVersions)).toBe(others);
  });

  it("another workspace's flow is a 404, as if it did not exist", async () => {
    const stranger = await createTestAccount(db(), "Stranger");
    const theirs = await funnel(shopFlowId, undefined, stranger);
    expect(theirs.status).toBe(404);
    expect(await funnel(shopFlowId, { version: "1" }, stranger)).toMatchObject({ status: 404 });
    // An API key reads it like a session does.
    const res = await call(funnelRoute, `/api/v1/flows/${shopFlowId}/funnel`, {
      params: { id: shopFlowId },
      headers: shop.owner.apiKey,
    });
    expect(res.status).toBe(200);
  });
});
