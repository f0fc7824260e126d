import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { bots, journal } from "@/lib/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import * as collection from "@/app/api/v1/bots/route";
import * as item from "@/app/api/v1/bots/[id]/route";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1";
const OTHER_TOKEN = "987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw2";

describe("bots", () => {
  const db = useTestDatabase();

  async function create(owner: TestAccount, body: unknown = { name: "Shop bot", token: TOKEN }) {
    return call(collection.POST, "/api/v1/bots", { method: "POST", headers: owner.session, body });
  }
  const journalOf = async (owner: TestAccount) =>
    db().select().from(journal).where(eq(journal.workspaceId, owner.workspaceId));

  it("adds a bot: token and webhook secret encrypted at rest, neither ever returned", async () => {
    const owner = await createTestAccount(db());
    const res = await create(owner);
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    const { bot } = JSON.parse(text);
    expect(bot).toEqual({
      id: expect.any(String),
      name: "Shop bot",
      channel: "telegram",
      username: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const [row] = await db().select().from(bots).where(eq(bots.id, bot.id));
    expect(row?.workspaceId).toBe(owner.workspaceId);
    expect(row?.tokenEncrypted).not.toContain(TOKEN);
    expect(decryptSecret(row!.tokenEncrypted)).toBe(TOKEN);
    const secret = decryptSecret(row!.webhookSecretEncrypted);
    expect(secret).toMatch(/^[\w-]{43}$/);

    for (const r of [
      await call(collection.GET, "/api/v1/bots", { headers: owner.apiKey }),
      await call(item.GET, `/api/v1/bots/${bot.id}`, {
        headers: owner.apiKey,
        params: { id: bot.id },
      }),
    ]) {
      expect(r.status).toBe(200);
      const body = await r.text();
      expect(body).not.toContain(TOKEN);
      expect(body).not.toContain(secret);
      expect(body).not.toContain(row!.tokenEncrypted);
    }
    const created = (await journalOf(owner)).find((j) => j.kind === "bot.created");
    expect(created).toMatchObject({ botId: bot.id, data: { name: "Shop bot" } });
    expect(JSON.stringify(created)).not.toContain(TOKEN);
  });

  it("shows the username from the cached getMe", async () => {
    const owner = await createTestAccount(db());
    const { bot } = await (await create(owner)).json();
    await db()
      .update(bots)
      .set({ telegramMe: { id: 123456789, username: "shop_bot", first_name: "Shop" } })
      .where(eq(bots.id, bot.id));
    const got = await (
      await call(item.GET, `/api/v1/bots/${bot.id}`, {
        headers: owner.session,
        params: { id: bot.id },
      })
    ).json();
    expect(got.bot.username).toBe("shop_bot");
  });

  it("renames and replaces the token, journaling which without the token", async () => {
    const owner = await createTestAccount(db());
    const { bot } = await (await create(owner)).json();
    await db()
      .update(bots)
      .set({ telegramMe: { id: 123456789, username: "shop_bot", first_name: "Shop" } })
      .where(eq(bots.id, bot.id));
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

    const replaced = await patch({ token: OTHER_TOKEN });
    expect(replaced.status).toBe(200);
    const replacedBody = await replaced.text();
    expect(replacedBody).not.toContain(OTHER_TOKEN);
    // The cached getMe described the old token's bot.
    expect(JSON.parse(replacedBody).bot.username).toBeNull();
    const [row] = await db().select().from(bots).where(eq(bots.id, bot.id));
    expect(decryptSecret(row!.tokenEncrypted)).toBe(OTHER_TOKEN);

    const updates = (await journalOf(owner)).filter((j) => j.kind === "bot.updated");
    expect(updates.map((u) => u.data)).toEqual([
      { name: { from: "Shop bot", to: "Book bot" }, tokenReplaced: false },
      { tokenReplaced: true },
    ]);
    expect(JSON.stringify(updates)).not.toContain(OTHER_TOKEN);

    // Nothing to change: no write, no entry.
    expect((await patch({ name: "Book bot" })).status).toBe(200);
    expect((await journalOf(owner)).filter((j) => j.kind === "bot.updated")).toHaveLength(2);
  });

  it("deletes a bot and journals it", async () => {
    const owner = await createTestAccount(db());
    const { bot } = await (await create(owner)).json();
    const del = () =>
      call(item.DELETE, `/api/v1/bots/${bot.id}`, {
        method: "DELETE",
        headers: owner.session,
        params: { id: bot.id },
      });
    expect((await del()).status).toBe(204);
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

  it("lets agents do nothing with bots and rejects tokens that are not Telegram's", async () => {
    const owner = await createTestAccount(db());
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    expect((await call(collection.GET, "/api/v1/bots", { headers: agent.session })).status).toBe(
      403,
    );
    const asAgent = await call(collection.POST, "/api/v1/bots", {
      method: "POST",
      headers: agent.session,
      body: { name: "x", token: TOKEN },
    });
    expect(asAgent.status).toBe(403);

    const bad = await create(owner, { name: "x", token: "not-a-token" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details[0].path).toBe("token");
    expect(
      await db()
        .select()
        .from(bots)
        .where(and(eq(bots.workspaceId, owner.workspaceId))),
    ).toEqual([]);
  });
});
