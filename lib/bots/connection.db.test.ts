import { asc, eq } from "drizzle-orm";
import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { useFakeTelegram } from "@/test/telegram";
import type { FakeBot } from "@/test/fakes/telegram";
import { bots, journal } from "@/lib/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import * as collection from "@/app/api/v1/bots/route";
import * as item from "@/app/api/v1/bots/[id]/route";
import * as webhook from "@/app/api/v1/bots/[id]/webhook/route";

const ALLOWED_UPDATES = [
  "message",
  "edited_message",
  "callback_query",
  "pre_checkout_query",
  "chat_join_request",
  "chat_member",
  "my_chat_member",
];

let serial = 0;
/** A well-formed token no other test uses. */
function newToken(): string {
  serial += 1;
  return `${700000000 + serial}:AAHdqTcvCH1vGWJxfSeofSAs0K5PALD${String(serial).padStart(4, "0")}`;
}

describe("connecting a bot to Telegram", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();

  /** Every response body a test read, to prove no token or secret ever left the API. */
  const seen: string[] = [];
  async function read(res: Response) {
    const text = await res.text();
    seen.push(text);
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }

  const create = async (owner: TestAccount, body: { name: string; token: string }) =>
    read(
      await call(collection.POST, "/api/v1/bots", { method: "POST", headers: owner.session, body }),
    );
  const patch = async (owner: TestAccount, id: string, body: unknown) =>
    read(
      await call(item.PATCH, `/api/v1/bots/${id}`, {
        method: "PATCH",
        headers: owner.session,
        params: { id },
        body,
      }),
    );
  const onWebhook = async (
    method: "GET" | "POST" | "DELETE",
    owner: TestAccount,
    id: string,
    headers: Record<string, string> = owner.session,
  ) =>
    read(
      await call(webhook[method], `/api/v1/bots/${id}/webhook`, {
        method,
        headers,
        params: { id },
      }),
    );

  const rowOf = async (id: string) => (await db().select().from(bots).where(eq(bots.id, id)))[0]!;
  /** The bot entries of the journal, oldest first (the account's own come before). */
  const kindsOf = async (owner: TestAccount) =>
    (
      await db()
        .select()
        .from(journal)
        .where(eq(journal.workspaceId, owner.workspaceId))
        .orderBy(asc(journal.id))
    )
      .map((j) => j.kind)
      .filter((kind) => kind.startsWith("bot."));
  const entriesOf = async (owner: TestAccount, kind: string) =>
    (await db().select().from(journal).where(eq(journal.workspaceId, owner.workspaceId))).filter(
      (j) => j.kind === kind,
    );

  async function connected(owner: TestAccount, extra: Partial<FakeBot> = {}) {
    const fake = telegram().addBot({ token: newToken(), ...extra });
    const res = await create(owner, { name: "Shop bot", token: fake.token });
    expect(res.status).toBe(201);
    return { fake, bot: res.body.bot };
  }

  it("checks the token with getMe, stores it, and registers the webhook with the bot's secret", async () => {
    const owner = await createTestAccount(db());
    const fake = telegram().addBot({
      token: newToken(),
      username: "books_bot",
      first_name: "Books",
    });
    const res = await create(owner, { name: "Shop bot", token: fake.token });
    expect(res.status).toBe(201);
    const { bot } = res.body;
    const url = `http://localhost:3000/api/telegram/${bot.id}`;
    expect(res.body).toEqual({
      bot: {
        id: expect.any(String),
        name: "Shop bot",
        channel: "telegram",
        username: "books_bot",
        telegram: { id: fake.id, username: "books_bot", firstName: "Books" },
        webhookUrl: url,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });

    const row = await rowOf(bot.id);
    expect(row.telegramMe).toEqual({ id: fake.id, username: "books_bot", first_name: "Books" });
    expect(row.webhookUrl).toBe(url);
    expect(decryptSecret(row.tokenEncrypted)).toBe(fake.token);
    const secret = decryptSecret(row.webhookSecretEncrypted);

    expect(telegram().webhook(fake.token)).toEqual({
      url,
      secret_token: secret,
      allowed_updates: ALLOWED_UPDATES,
    });
    const [set] = telegram().callsTo("setWebhook", fake.token);
    expect(set?.params).toMatchObject({ url, secret_token: secret });
    expect(String(set?.params.drop_pending_updates)).toBe("false");
    expect(telegram().callsTo("getMe", fake.token)).toHaveLength(1);

    expect(await kindsOf(owner)).toEqual(["bot.created", "bot.connected"]);
    const [created] = await entriesOf(owner, "bot.created");
    expect(created?.data).toEqual({ name: "Shop bot", telegramId: fake.id, username: "books_bot" });
    const [connectedEntry] = await entriesOf(owner, "bot.connected");
    expect(connectedEntry).toMatchObject({ botId: bot.id, data: { url } });
    const everything = JSON.stringify(
      await db().select().from(journal).where(eq(journal.workspaceId, owner.workspaceId)),
    );
    expect(everything).not.toContain(fake.token);
    expect(everything).not.toContain(secret);
  });

  it("refuses a token Telegram does not know: 422 on `token`, nothing stored", async () => {
    const owner = await createTestAccount(db());
    const res = await create(owner, { name: "Shop bot", token: newToken() });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("unprocessable_entity");
    expect(res.body.error.details).toEqual([
      { path: "token", message: expect.stringContaining("Unauthorized") },
    ]);
    expect(await db().select().from(bots).where(eq(bots.workspaceId, owner.workspaceId))).toEqual(
      [],
    );
    expect(await kindsOf(owner)).toEqual([]);
  });

  it("answers 503 when Telegram is down, 429 with Retry-After when it throttles; nothing stored", async () => {
    const owner = await createTestAccount(db());
    const fake = telegram().addBot({ token: newToken() });
    telegram().failNext("getMe", { error_code: 502, description: "Bad Gateway" });
    const down = await create(owner, { name: "Shop bot", token: fake.token });
    expect(down.status).toBe(503);
    expect(down.body.error.message).toContain("Bad Gateway");

    telegram().failNext("getMe", {
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    const throttled = await create(owner, { name: "Shop bot", token: fake.token });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(await db().select().from(bots).where(eq(bots.workspaceId, owner.workspaceId))).toEqual(
      [],
    );
  });

  it("keeps the bot when only setWebhook fails, says why, and registers again on request", async () => {
    const owner = await createTestAccount(db());
    const fake = telegram().addBot({ token: newToken() });
    telegram().failNext("setWebhook", {
      error_code: 400,
      description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    });
    const res = await create(owner, { name: "Shop bot", token: fake.token });
    expect(res.status).toBe(201);
    expect(res.body.bot.webhookUrl).toBeNull();
    expect(res.body.bot.username).toBe(fake.username);
    expect(res.body.webhookError).toEqual({
      code: "unprocessable_entity",
      message: expect.stringContaining("An HTTPS URL must be provided for webhook"),
    });
    const id = res.body.bot.id;
    expect((await rowOf(id)).webhookUrl).toBeNull();
    expect(await kindsOf(owner)).toEqual(["bot.created", "bot.webhook_failed"]);

    const again = await onWebhook("POST", owner, id);
    expect(again.status).toBe(200);
    expect(again.body.bot.webhookUrl).toBe(`http://localhost:3000/api/telegram/${id}`);
    expect((await rowOf(id)).webhookUrl).toBe(again.body.bot.webhookUrl);
    expect(telegram().webhook(fake.token)?.url).toBe(again.body.bot.webhookUrl);
    expect((await kindsOf(owner)).at(-1)).toBe("bot.connected");
  });

  it("re-registers a connected bot; a refused re-registration changes nothing", async () => {
    const owner = await createTestAccount(db());
    const { fake, bot } = await connected(owner);
    const res = await onWebhook("POST", owner, bot.id);
    expect(res.status).toBe(200);
    expect(telegram().callsTo("setWebhook", fake.token)).toHaveLength(2);
    expect((await kindsOf(owner)).at(-1)).toBe("bot.webhook_registered");

    telegram().failNext("setWebhook", {
      error_code: 429,
      description: "Too Many Requests: retry after 3",
      parameters: { retry_after: 3 },
    });
    const throttled = await onWebhook("POST", owner, bot.id);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect((await rowOf(bot.id)).webhookUrl).toBe(bot.webhookUrl);
    expect((await kindsOf(owner)).at(-1)).toBe("bot.webhook_failed");
  });

  it("disconnects: deleteWebhook keeping pending updates, webhook_url null, journaled", async () => {
    const owner = await createTestAccount(db());
    const { fake, bot } = await connected(owner);
    const res = await onWebhook("DELETE", owner, bot.id);
    expect(res.status).toBe(200);
    expect(res.body.bot.webhookUrl).toBeNull();
    expect((await rowOf(bot.id)).webhookUrl).toBeNull();
    expect(telegram().webhook(fake.token)).toBeUndefined();
    const [deleted] = telegram().callsTo("deleteWebhook", fake.token);
    expect(String(deleted?.params.drop_pending_updates)).toBe("false");
    expect(await entriesOf(owner, "bot.disconnected")).toMatchObject([
      { botId: bot.id, data: { url: bot.webhookUrl } },
    ]);

    const health = await onWebhook("GET", owner, bot.id);
    expect(health.body.webhook).toMatchObject({ status: "not_set", url: null, matches: false });

    // Connect again.
    const again = await onWebhook("POST", owner, bot.id);
    expect(again.body.bot.webhookUrl).toBe(bot.webhookUrl);
    expect((await kindsOf(owner)).at(-1)).toBe("bot.connected");
  });

  it("disconnects a bot whose token was revoked, rotating its secret so deliveries fail", async () => {
    const owner = await createTestAccount(db());
    const { fake, bot } = await connected(owner);
    const secretBefore = (await rowOf(bot.id)).webhookSecretEncrypted;
    telegram().removeBot(fake.token);
    const res = await onWebhook("DELETE", owner, bot.id);
    expect(res.status).toBe(200);
    const row = await rowOf(bot.id);
    expect(row.webhookUrl).toBeNull();
    expect(decryptSecret(row.webhookSecretEncrypted)).not.toBe(decryptSecret(secretBefore));
    expect(await entriesOf(owner, "bot.disconnected")).toMatchObject([
      { data: { tokenRejected: expect.stringContaining("401"), secretRotated: true } },
    ]);
  });

  it("reports the webhook's health from getWebhookInfo", async () => {
    const owner = await createTestAccount(db());
    const { fake, bot } = await connected(owner);

    const ok = await onWebhook("GET", owner, bot.id, owner.apiKey);
    expect(ok.status).toBe(200);
    expect(ok.body.webhook).toEqual({
      status: "ok",
      expectedUrl: bot.webhookUrl,
      url: bot.webhookUrl,
      matches: true,
      pendingUpdateCount: 0,
      lastErrorAt: null,
      lastErrorMessage: null,
      maxConnections: 40,
      allowedUpdates: ALLOWED_UPDATES,
      checkedAt: expect.any(String),
    });

    const when = Math.floor(Date.now() / 1000) - 60;
    telegram().setWebhookError(
      fake.token,
      "Wrong response from the webhook: 502 Bad Gateway",
      when,
    );
    const failing = await onWebhook("GET", owner, bot.id);
    expect(failing.body.webhook).toMatchObject({
      status: "failing",
      matches: true,
      lastErrorAt: new Date(when * 1000).toISOString(),
      lastErrorMessage: "Wrong response from the webhook: 502 Bad Gateway",
    });

    // Another app took the webhook over (or this app's APP_URL changed).
    await new Api(fake.token, { apiRoot: telegram().apiRoot }).setWebhook(
      "https://elsewhere.example.com/hook",
    );
    const elsewhere = await onWebhook("GET", owner, bot.id);
    expect(elsewhere.body.webhook).toMatchObject({
      status: "elsewhere",
      url: "https://elsewhere.example.com/hook",
      expectedUrl: bot.webhookUrl,
      matches: false,
    });

    telegram().removeBot(fake.token);
    const revoked = await onWebhook("GET", owner, bot.id);
    expect(revoked.status).toBe(422);
    expect(revoked.body.error.message).toContain("Unauthorized");
  });

  it("replaces the token of the same bot: webhook registered with the new token, same secret", async () => {
    const owner = await createTestAccount(db());
    const { fake, bot } = await connected(owner, { username: "same_bot" });
    const secret = decryptSecret((await rowOf(bot.id)).webhookSecretEncrypted);
    // BotFather's /revoke: same bot, new token.
    const renewed = telegram().addBot({
      token: `${fake.id}:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDrenew`,
      id: fake.id,
      username: "same_bot",
    });
    telegram().removeBot(fake.token);
    const res = await patch(owner, bot.id, { token: renewed.token });
    expect(res.status).toBe(200);
    expect(res.body.differentBot).toBeUndefined();
    expect(res.body.webhookError).toBeUndefined();
    expect(res.body.bot).toMatchObject({ username: "same_bot", webhookUrl: bot.webhookUrl });
    const row = await rowOf(bot.id);
    expect(decryptSecret(row.tokenEncrypted)).toBe(renewed.token);
    expect(decryptSecret(row.webhookSecretEncrypted)).toBe(secret);
    expect(telegram().webhook(renewed.token)).toMatchObject({
      url: bot.webhookUrl,
      secret_token: secret,
    });
    expect(await entriesOf(owner, "bot.token_replaced")).toMatchObject([
      { data: { telegramId: fake.id, sameBot: true, previous: { telegramId: fake.id } } },
    ]);
    expect((await kindsOf(owner)).at(-1)).toBe("bot.webhook_registered");
  });

  it("accepts a token of another bot, warns, rotates the secret and drops the old bot's webhook", async () => {
    const owner = await createTestAccount(db());
    const { fake: old, bot } = await connected(owner, { username: "old_bot", first_name: "Old" });
    const oldSecret = decryptSecret((await rowOf(bot.id)).webhookSecretEncrypted);
    const next = telegram().addBot({ token: newToken(), username: "new_bot", first_name: "New" });
    const res = await patch(owner, bot.id, { name: "New shop", token: next.token });
    expect(res.status).toBe(200);
    expect(res.body.differentBot).toEqual({
      previous: { id: old.id, username: "old_bot", firstName: "Old" },
      current: { id: next.id, username: "new_bot", firstName: "New" },
    });
    expect(res.body.bot).toMatchObject({
      name: "New shop",
      username: "new_bot",
      webhookUrl: bot.webhookUrl,
    });
    const secret = decryptSecret((await rowOf(bot.id)).webhookSecretEncrypted);
    expect(secret).not.toBe(oldSecret);
    expect(telegram().webhook(next.token)).toMatchObject({
      url: bot.webhookUrl,
      secret_token: secret,
    });
    expect(telegram().webhook(old.token)).toBeUndefined();
    expect(await entriesOf(owner, "bot.token_replaced")).toMatchObject([
      { data: { telegramId: next.id, sameBot: false, previous: { telegramId: old.id } } },
    ]);
    // The new bot was not connected before: its first registration connects it.
    expect((await kindsOf(owner)).slice(-3)).toEqual([
      "bot.renamed",
      "bot.token_replaced",
      "bot.connected",
    ]);
  });

  it("refuses a new token Telegram does not know and changes nothing", async () => {
    const owner = await createTestAccount(db());
    const { fake, bot } = await connected(owner);
    const before = await rowOf(bot.id);
    const res = await patch(owner, bot.id, { name: "Renamed", token: newToken() });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe("token");
    expect(await rowOf(bot.id)).toEqual(before);
    expect(telegram().webhook(fake.token)?.url).toBe(bot.webhookUrl);
  });

  it("reports a webhook failure after a token change, keeping the new token", async () => {
    const owner = await createTestAccount(db());
    const { bot } = await connected(owner);
    const next = telegram().addBot({ token: newToken() });
    telegram().failNext("setWebhook", { error_code: 500, description: "Internal Server Error" });
    const res = await patch(owner, bot.id, { token: next.token });
    expect(res.status).toBe(200);
    expect(res.body.webhookError).toEqual({
      code: "service_unavailable",
      message: expect.stringContaining("Internal Server Error"),
    });
    // Another bot's token: our URL is not registered for it yet.
    expect(res.body.bot.webhookUrl).toBeNull();
    expect(decryptSecret((await rowOf(bot.id)).tokenEncrypted)).toBe(next.token);
  });

  it("lets agents do nothing with the webhook, and admins everything", async () => {
    const owner = await createTestAccount(db());
    const { bot } = await connected(owner);
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    for (const method of ["GET", "POST", "DELETE"] as const) {
      expect((await onWebhook(method, owner, bot.id, agent.session)).status, method).toBe(403);
    }
    const admin = await addTestMember(db(), owner.workspaceId, "admin", "Admin");
    for (const method of ["GET", "POST", "DELETE"] as const) {
      expect((await onWebhook(method, owner, bot.id, admin.session)).status, method).toBe(200);
    }
    const missing = "5f0c8a4e-2b7d-4c1e-9a3f-6d8e1b2c4a70";
    expect((await onWebhook("POST", owner, missing)).status).toBe(404);
  });

  it("never returned a token or a webhook secret in any response above", async () => {
    const rows = await db().select().from(bots);
    expect(rows.length).toBeGreaterThan(5);
    const secrets = rows.flatMap((r) => [
      decryptSecret(r.tokenEncrypted),
      decryptSecret(r.webhookSecretEncrypted),
      r.tokenEncrypted,
      r.webhookSecretEncrypted,
    ]);
    for (const token of telegram().calls.map((c) => c.token)) secrets.push(token);
    expect(seen.length).toBeGreaterThan(20);
    for (const body of seen) {
      expect(secrets.filter((s) => body.includes(s))).toEqual([]);
    }
  });
});
