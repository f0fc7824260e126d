import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { useFakeTelegram } from "@/test/telegram";
import { bots, journal } from "@/lib/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import * as collection from "@/app/api/v1/bots/route";
import * as item from "@/app/api/v1/bots/[id]/route";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1";

describe("bots", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();

  async function create(owner: TestAccount, body: unknown = { name: "Shop bot", token: TOKEN }) {
    return call(collection.POST, "/api/v1/bots", { method: "POST", headers: owner.session, body });
  }
  const journalOf = async (owner: TestAccount) =>
    db().select().from(journal).where(eq(journal.workspaceId, owner.workspaceId));
  const rowOf = async (id: string) => (await db().select().from(bots).where(eq(bots.id, id)))[0]!;

  it("lists, gets and renames bots, with no call to Telegram for either", async () => {
    const owner = await createTestAccount(db());
    telegram().addBot({ token: TOKEN, id: 123456789, username: "shop_bot", first_name: "Shop" });
    const { bot } = await (await create(owner)).json();
    const before = telegram().calls.length;

    const listed = await call(collection.GET, "/api/v1/bots", { headers: owner.apiKey });
    expect((await listed.json()).data).toEqual([bot]);
    const got = await call(item.GET, `/api/v1/bots/${bot.id}`, {
      headers: owner.session,
      params: { id: bot.id },
    });
    expect((await got.json()).bot).toEqual(bot);

    const patch = (body: unknown) =>
      call(item.PATCH, `/api/v1/bots/${bot.id}`, {
        method: "PATCH",
        headers: owner.session,
        params: { id: bot.id },
        body,
      });
    const renamed = await patch({ name: "Book bot" });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).bot).toMatchObject({ name: "Book bot", username: "shop_bot" });
    expect((await journalOf(owner)).filter((j) => j.kind === "bot.renamed")).toMatchObject([
      { botId: bot.id, data: { from: "Shop bot", to: "Book bot" } },
    ]);
    // Nothing to change: no write, no entry.
    expect((await patch({ name: "Book bot" })).status).toBe(200);
    expect((await journalOf(owner)).filter((j) => j.kind === "bot.renamed")).toHaveLength(1);
    expect(telegram().calls.length).toBe(before);
  });

  it("deletes a bot, its webhook at Telegram first, and journals it", async () => {
    const owner = await createTestAccount(db());
    const token = "555000111:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsdel";
    telegram().addBot({ token, username: "doomed_bot" });
    const { bot } = await (await create(owner, { name: "Doomed", token })).json();
    expect(telegram().webhook(token)).toMatchObject({
      url: expect.stringContaining(`/api/telegram/${bot.id}`),
      secret_token: expect.any(String),
    });
    const del = () =>
      call(item.DELETE, `/api/v1/bots/${bot.id}`, {
        method: "DELETE",
        headers: owner.session,
        params: { id: bot.id },
      });
    expect((await del()).status).toBe(204);
    expect(telegram().webhook(token)).toBeUndefined();
    expect(await db().select().from(bots).where(eq(bots.id, bot.id))).toEqual([]);
    expect((await journalOf(owner)).map((j) => j.kind)).toContain("bot.deleted");
    expect((await del()).status).toBe(404);
    expect(
      (
        await call(item.GET, `/api/v1/bots/${bot.id}`, {
          headers: owner.session,
          params: { id: bot.id },
        })
      ).status,
    ).toBe(404);
  });

  it("deletes a bot even when Telegram no longer accepts its token", async () => {
    const owner = await createTestAccount(db());
    const token = "555000222:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsrev";
    telegram().addBot({ token });
    const { bot } = await (await create(owner, { name: "Revoked", token })).json();
    telegram().removeBot(token);
    const res = await call(item.DELETE, `/api/v1/bots/${bot.id}`, {
      method: "DELETE",
      headers: owner.session,
      params: { id: bot.id },
    });
    expect(res.status).toBe(204);
    expect(await db().select().from(bots).where(eq(bots.id, bot.id))).toEqual([]);
  });

  it("lets agents do nothing with bots and rejects tokens that are not Telegram's", async () => {
    const owner = await createTestAccount(db());
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    expect((await call(collection.GET, "/api/v1/bots", { headers: agent.session })).status).toBe(
      403,
    );
    const before = telegram().calls.length;
    const asAgent = await call(collection.POST, "/api/v1/bots", {
      method: "POST",
      headers: agent.session,
      body: { name: "x", token: TOKEN },
    });
    expect(asAgent.status).toBe(403);

    const bad = await create(owner, { name: "x", token: "not-a-token" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details[0].path).toBe("token");
    expect(telegram().calls.length, "no call to Telegram for either").toBe(before);
    expect(
      await db()
        .select()
        .from(bots)
        .where(and(eq(bots.workspaceId, owner.workspaceId))),
    ).toEqual([]);
  });

  it("keeps the token for the server: it is decryptable at rest and the row holds no plain copy", async () => {
    const owner = await createTestAccount(db());
    const token = "555000333:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsenc";
    telegram().addBot({ token });
    const { bot } = await (await create(owner, { name: "Enc", token })).json();
    const row = await rowOf(bot.id);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(decryptSecret(row.tokenEncrypted)).toBe(token);
    expect(decryptSecret(row.webhookSecretEncrypted)).toMatch(/^[\w-]{43}$/);
  });
});
