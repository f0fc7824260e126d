import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { createTestShop } from "@/test/flows";
import { call, type TestAccount } from "@/test/http";
import { addTestMember, type TestMember } from "@/test/members";
import { validBodies } from "@/test/security/routes";
import { bots, cannedReplies } from "@/lib/db/schema";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import * as cannedRoute from "@/app/api/v1/canned-replies/route";
import * as cannedItem from "@/app/api/v1/canned-replies/[id]/route";
import * as flowsRoute from "@/app/api/v1/flows/route";
import * as productsRoute from "@/app/api/v1/products/route";
import * as providerRoute from "@/app/api/v1/payment-providers/[kind]/route";
import * as supportRoute from "@/app/api/v1/bots/[id]/support/route";
import * as apiKeysRoute from "@/app/api/v1/api-keys/route";

/**
 * The agent role works the inbox and nothing else (issue #7, item 5); owners and admins keep the
 * canned replies agents use; the bot's hand-off settings are validated field by field.
 */
describe("the agent role and canned replies", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let agent: TestMember;
  let botId: string;

  beforeAll(async () => {
    ({ owner, botId } = await createTestShop(db()));
    agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
  });

  it("lets an agent use the inbox", async () => {
    const list = await call(conversationsRoute.GET, "/api/v1/conversations", {
      headers: agent.session,
      query: { filter: "waiting" },
    });
    expect(list.status).toBe(200);
    expect(
      (await call(cannedRoute.GET, "/api/v1/canned-replies", { headers: agent.session })).status,
    ).toBe(200);
  });

  it.each([
    ["POST /api/v1/flows", flowsRoute.POST, "/api/v1/flows", "POST", {}, { botId: "", name: "x" }],
    [
      "POST /api/v1/products",
      productsRoute.POST,
      "/api/v1/products",
      "POST",
      {},
      validBodies.createProduct,
    ],
    [
      "PUT /api/v1/payment-providers/stripe",
      providerRoute.PUT,
      "/api/v1/payment-providers/stripe",
      "PUT",
      { kind: "stripe" },
      validBodies.savePaymentProvider,
    ],
    [
      "POST /api/v1/api-keys",
      apiKeysRoute.POST,
      "/api/v1/api-keys",
      "POST",
      {},
      validBodies.createApiKey,
    ],
    [
      "POST /api/v1/canned-replies",
      cannedRoute.POST,
      "/api/v1/canned-replies",
      "POST",
      {},
      validBodies.createCannedReply,
    ],
  ] as const)(
    "refuses an agent %s with 403",
    async (_name, handler, path, method, params, body) => {
      const res = await call(handler, path, { method, params, headers: agent.session, body });
      expect(res.status).toBe(403);
    },
  );

  it("refuses an agent the bot's hand-off settings", async () => {
    const res = await call(supportRoute.PATCH, `/api/v1/bots/${botId}/support`, {
      method: "PATCH",
      params: { id: botId },
      headers: agent.session,
      body: { handoffText: "x" },
    });
    expect(res.status).toBe(403);
  });

  it("lets an owner keep canned replies, and agents read them", async () => {
    const created = await call(cannedRoute.POST, "/api/v1/canned-replies", {
      method: "POST",
      headers: owner.session,
      body: { title: "Refunds", text: "Hi {{contact.first_name}}, refunds take 3 days." },
    });
    expect(created.status).toBe(201);
    const { reply } = await created.json();
    const changed = await call(cannedItem.PATCH, `/api/v1/canned-replies/${reply.id}`, {
      method: "PATCH",
      params: { id: reply.id },
      headers: owner.session,
      body: { title: "Refund times" },
    });
    expect(changed.status).toBe(200);
    expect((await changed.json()).reply).toMatchObject({
      title: "Refund times",
      text: "Hi {{contact.first_name}}, refunds take 3 days.",
    });
    const seen = await call(cannedRoute.GET, "/api/v1/canned-replies", { headers: agent.session });
    expect((await seen.json()).data.map((r: { title: string }) => r.title)).toEqual([
      "Refund times",
    ]);
    const agentDelete = await call(cannedItem.DELETE, `/api/v1/canned-replies/${reply.id}`, {
      method: "DELETE",
      params: { id: reply.id },
      headers: agent.session,
    });
    expect(agentDelete.status).toBe(403);
    const removed = await call(cannedItem.DELETE, `/api/v1/canned-replies/${reply.id}`, {
      method: "DELETE",
      params: { id: reply.id },
      headers: owner.session,
    });
    expect(removed.status).toBe(204);
    expect(await db().select().from(cannedReplies).where(eq(cannedReplies.id, reply.id))).toEqual(
      [],
    );
  });

  it("changes only the hand-off settings sent, and names a bad field", async () => {
    const patch = (body: unknown) =>
      call(supportRoute.PATCH, `/api/v1/bots/${botId}/support`, {
        method: "PATCH",
        params: { id: botId },
        headers: owner.session,
        body,
      });
    const ok = await patch({
      handoffText: "An agent will answer soon",
      workingHours: { timeZone: "Europe/Moscow", days: [1, 2, 3], from: "10:00", to: "19:00" },
    });
    expect(ok.status).toBe(200);
    const { support } = await ok.json();
    expect(support).toMatchObject({
      handoffText: "An agent will answer soon",
      workingHours: { timeZone: "Europe/Moscow", days: [1, 2, 3] },
      humanCommands: ["human", "operator"],
    });
    const bad = await patch({ staffChatId: "not a chat", workingHours: { from: "25:00" } });
    expect(bad.status).toBe(422);
    const paths = (await bad.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["staffChatId", "workingHours.from"]));
    const [row] = await db().select({ support: bots.support }).from(bots).where(eq(bots.id, botId));
    expect(row?.support).toMatchObject({ handoffText: "An agent will answer soon" });
    const get = await call(supportRoute.GET, `/api/v1/bots/${botId}/support`, {
      params: { id: botId },
      headers: agent.session,
    });
    // Agents cannot read bots at all.
    expect(get.status).toBe(403);
  });
});
