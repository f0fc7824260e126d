import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Api, GrammyError, InputFile } from "grammy";
import {
  callbackUpdate,
  contactUpdate,
  messageUpdate,
  startFakeTelegram,
  telegramFailures,
  type FakeBot,
  type FakeTelegram,
} from "./telegram";

let fake: FakeTelegram;
let bot: FakeBot;
let api: Api;

beforeAll(async () => {
  fake = await startFakeTelegram();
  bot = fake.addBot({ username: "shop_test_bot", first_name: "Shop" });
  api = new Api(bot.token, { apiRoot: fake.apiRoot });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** What grammY would throw, or fails the test if the call succeeds. */
async function refusal(call: Promise<unknown>): Promise<GrammyError> {
  const err: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(err)}`);
  return err;
}

/** A raw call, for what grammY's typed Api cannot send. */
async function raw(method: string, init?: RequestInit, token = bot.token) {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, { method: "POST", ...init });
  return { status: res.status, body: await res.json() };
}

describe("fake Telegram through grammY's Api", () => {
  it("generates a token of Telegram's shape and answers getMe with the bot", async () => {
    expect(bot.token).toMatch(/^\d+:[A-Za-z0-9_-]{35}$/);
    expect(bot.token.startsWith(`${bot.id}:`)).toBe(true);
    const me = await api.getMe();
    expect(me).toMatchObject({
      id: bot.id,
      is_bot: true,
      username: "shop_test_bot",
      first_name: "Shop",
      can_join_groups: true,
    });
    expect(fake.callsTo("getMe")).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ token: bot.token, method: "getMe", status: 200 });
  });

  it("sends messages with per-chat ids, chat types and the inline keyboard echoed", async () => {
    const keyboard = { inline_keyboard: [[{ text: "Buy", callback_data: "buy:42" }]] };
    const first = await api.sendMessage(501, "Hello", { reply_markup: keyboard });
    const second = await api.sendMessage(501, "Again");
    const group = await api.sendMessage(-1001234567890, "In a group");
    expect(first).toMatchObject({
      message_id: 1,
      text: "Hello",
      chat: { id: 501, type: "private" },
      from: { id: bot.id, is_bot: true, username: "shop_test_bot" },
      reply_markup: keyboard,
    });
    expect(first.date).toBeCloseTo(Date.now() / 1000, -1);
    expect(second.message_id).toBe(2);
    expect(second.reply_markup).toBeUndefined();
    expect(group).toMatchObject({
      message_id: 1,
      chat: { id: -1001234567890, type: "supergroup" },
    });
    const [call] = fake.callsTo("sendMessage");
    expect(call?.params).toEqual({ chat_id: 501, text: "Hello", reply_markup: keyboard });
    expect(fake.messagesIn(501).map((m) => m.text)).toEqual(["Hello", "Again"]);
  });

  it("does not echo reply keyboards and strips HTML like Telegram", async () => {
    const msg = await api.sendMessage(502, "<b>Total:</b> 5 &lt; 6", {
      parse_mode: "HTML",
      reply_markup: { keyboard: [[{ text: "Share", request_contact: true }]] },
    });
    expect(msg.text).toBe("Total: 5 < 6");
    expect(msg.reply_markup).toBeUndefined();
  });

  it("surfaces a 429 from failNext as a GrammyError with retry_after, once", async () => {
    fake.failNext("sendMessage", telegramFailures.tooManyRequests(7));
    const err = await refusal(api.sendMessage(503, "x"));
    expect(err.error_code).toBe(429);
    expect(err.description).toBe("Too Many Requests: retry after 7");
    expect(err.parameters.retry_after).toBe(7);
    await expect(api.sendMessage(503, "x")).resolves.toMatchObject({ text: "x" });
    expect(fake.callsTo("sendMessage").map((c) => c.status)).toEqual([429, 200]);
  });

  it("answers 403 for as many calls as asked, and for blocked chats", async () => {
    fake.failNext("sendMessage", telegramFailures.blocked, 2);
    expect((await refusal(api.sendMessage(504, "a"))).error_code).toBe(403);
    expect((await refusal(api.sendMessage(504, "b"))).description).toBe(
      "Forbidden: bot was blocked by the user",
    );
    await api.sendMessage(504, "c");

    fake.setBlocked(505);
    expect((await refusal(api.sendMessage(505, "d"))).error_code).toBe(403);
    fake.setBlocked(505, false);
    await api.sendMessage(505, "e");
  });

  it("passes migrate_to_chat_id through", async () => {
    fake.failNext("sendMessage", telegramFailures.migrated(-1009999));
    const err = await refusal(api.sendMessage(-77, "x"));
    expect(err.parameters.migrate_to_chat_id).toBe(-1009999);
  });

  it("answers 401 for an unknown token, 404 for an unknown method", async () => {
    const stranger = new Api("999:AAnot-a-real-token-not-a-real-token", { apiRoot: fake.apiRoot });
    const err = await refusal(stranger.getMe());
    expect(err.error_code).toBe(401);
    expect(err.description).toBe("Unauthorized");
    expect(await raw("getMeNow")).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found: method not found" },
    });
    expect(fake.calls.map((c) => c.status)).toEqual([401, 404]);
  });

  it("refuses missing or invalid parameters with Telegram's wording", async () => {
    expect((await refusal(api.sendMessage(506, ""))).description).toBe(
      "Bad Request: message text is empty",
    );
    const noChat = await raw("sendMessage", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "hi" }),
    });
    expect(noChat).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: "Bad Request: chat_id is empty" },
    });
    const longData = { inline_keyboard: [[{ text: "x", callback_data: "x".repeat(65) }]] };
    expect((await refusal(api.sendMessage(506, "k", { reply_markup: longData }))).description).toBe(
      "Bad Request: BUTTON_DATA_INVALID",
    );
    expect((await refusal(api.sendMessage(506, "x".repeat(4097)))).description).toBe(
      "Bad Request: message is too long",
    );
  });

  it("reads urlencoded and query-string parameters too", async () => {
    const form = await raw("sendMessage", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        chat_id: "507",
        text: "form",
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "a", callback_data: "a" }]] }),
      }).toString(),
    });
    expect(form.status).toBe(200);
    expect(form.body.result).toMatchObject({ chat: { id: 507 }, text: "form" });
    expect(fake.callsTo("sendMessage")[0]?.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: "a", callback_data: "a" }]],
    });
    const query = await raw("sendMessage?chat_id=507&text=query", { method: "GET" });
    expect(query.body.result.text).toBe("query");
  });

  it("edits text and keyboards, refusing an edit that changes nothing", async () => {
    const keyboard = { inline_keyboard: [[{ text: "Pay", callback_data: "pay" }]] };
    const sent = await api.sendMessage(508, "Cart", { reply_markup: keyboard });
    const edited = await api.editMessageText(508, sent.message_id, "Cart (2)", {
      reply_markup: keyboard,
    });
    expect(edited).toMatchObject({ text: "Cart (2)", reply_markup: keyboard });
    expect(edited !== true && edited.edit_date).toBeGreaterThan(0);
    const err = await refusal(
      api.editMessageText(508, sent.message_id, "Cart (2)", { reply_markup: keyboard }),
    );
    expect(err.description).toMatch(/^Bad Request: message is not modified/);
    const bare = await api.editMessageReplyMarkup(508, sent.message_id);
    expect(bare !== true && bare.reply_markup).toBeUndefined();
    expect(fake.messagesIn(508)[0]).toMatchObject({ text: "Cart (2)" });
    expect(fake.messagesIn(508)[0]?.reply_markup).toBeUndefined();
  });

  it("answers a callback query once", async () => {
    await expect(api.answerCallbackQuery("q1", { text: "Added" })).resolves.toBe(true);
    expect((await refusal(api.answerCallbackQuery("q1"))).description).toMatch(
      /query ID is invalid/,
    );
  });

  it("accepts multipart uploads, URLs and file_ids for documents and photos", async () => {
    const upload = await api.sendDocument(
      509,
      new InputFile(Buffer.from("%PDF-1.4"), "guide.pdf"),
      {
        caption: "Your guide",
      },
    );
    expect(upload.document).toMatchObject({
      file_name: "guide.pdf",
      mime_type: "application/pdf",
      file_size: 8,
    });
    expect(upload.caption).toBe("Your guide");
    const [call] = fake.callsTo("sendDocument");
    expect(call?.params).toMatchObject({ chat_id: "509", caption: "Your guide" });
    const part = Object.values(call?.files ?? {})[0];
    expect(part).toMatchObject({ filename: "guide.pdf", size: 8 });
    expect(part?.data.toString()).toBe("%PDF-1.4");
    expect(call?.params.document).toBe(`attach://${part?.field}`);

    const again = await api.sendDocument(509, upload.document?.file_id ?? "");
    expect(again.document).toEqual(upload.document);

    const photo = await api.sendPhoto(509, "https://example.com/cover.jpg");
    expect(photo.photo).toHaveLength(3);
    const largest = photo.photo?.at(-1);
    expect(largest).toMatchObject({ width: 800, height: 533 });
    const resent = await api.sendPhoto(509, largest?.file_id ?? "");
    expect(resent.photo).toEqual(photo.photo);

    expect(
      (
        await refusal(
          api.sendDocument(509, new InputFile(Buffer.from("x")), { caption: "c".repeat(1025) }),
        )
      ).description,
    ).toBe("Bad Request: message caption is too long");
  });

  it("sends invoices and answers pre-checkout queries and refunds", async () => {
    const invoice = await api.sendInvoice(510, "Course", "Video course", "order:1", "XTR", [
      { label: "Course", amount: 250 },
    ]);
    expect(invoice.invoice).toEqual({
      title: "Course",
      description: "Video course",
      start_parameter: "",
      currency: "XTR",
      total_amount: 250,
    });
    await expect(api.answerPreCheckoutQuery("pcq1", true)).resolves.toBe(true);
    await expect(api.refundStarPayment(510, "stxCHARGE")).resolves.toBe(true);
    expect((await refusal(api.refundStarPayment(510, "stxCHARGE"))).description).toBe(
      "Bad Request: CHARGE_ALREADY_REFUNDED",
    );
  });

  it("creates and revokes invite links", async () => {
    const expire = Math.floor(Date.now() / 1000) + 3600;
    const link = await api.createChatInviteLink(-100555, { member_limit: 1, expire_date: expire });
    const other = await api.createChatInviteLink(-100555, { creates_join_request: true });
    expect(link).toMatchObject({
      creator: { id: bot.id, is_bot: true },
      creates_join_request: false,
      is_primary: false,
      is_revoked: false,
      member_limit: 1,
      expire_date: expire,
    });
    expect(link.invite_link).toMatch(/^https:\/\/t\.me\/\+[A-Za-z0-9_-]{16}$/);
    expect(other.invite_link).not.toBe(link.invite_link);
    expect(other.creates_join_request).toBe(true);
    const revoked = await api.revokeChatInviteLink(-100555, link.invite_link);
    expect(revoked).toMatchObject({
      invite_link: link.invite_link,
      is_revoked: true,
      member_limit: 1,
    });
    expect(fake.inviteLinks(-100555).map((l) => l.is_revoked)).toEqual([true, false]);
  });

  it("tracks chat members through ban and unban", async () => {
    expect(await api.getChatMember(-100556, 42)).toMatchObject({
      status: "member",
      user: { id: 42 },
    });
    expect((await api.getChatMember(-100556, bot.id)).status).toBe("administrator");
    await api.banChatMember(-100556, 42);
    expect(await api.getChatMember(-100556, 42)).toMatchObject({ status: "kicked", until_date: 0 });
    await expect(api.unbanChatMember(-100556, 42)).resolves.toBe(true);
    expect((await api.getChatMember(-100556, 42)).status).toBe("left");
    fake.setChatMember(-100556, 43, "creator");
    expect((await api.getChatMember(-100556, 43)).status).toBe("creator");
  });

  it("lets a user join once with a one-member link and reports the chat_member update", async () => {
    const link = await api.createChatInviteLink(-100557, { member_limit: 1 });
    const update = fake.joinWithLink(link.invite_link, { id: 51, username: "first" });
    expect(update.chat_member).toMatchObject({
      chat: { id: -100557, type: "supergroup" },
      old_chat_member: { status: "left", user: { id: 51 } },
      new_chat_member: { status: "member", user: { id: 51, username: "first" } },
      invite_link: { invite_link: link.invite_link, member_limit: 1 },
    });
    expect(fake.memberStatus(-100557, 51)).toBe("member");
    expect(() => fake.joinWithLink(link.invite_link, { id: 52 })).toThrow(/member limit/);
    const revoked = await api.createChatInviteLink(-100557, {});
    await api.revokeChatInviteLink(-100557, revoked.invite_link);
    expect(() => fake.joinWithLink(revoked.invite_link, { id: 53 })).toThrow(/revoked/);
    expect(fake.memberStatus(-100557, 53)).toBe("left");
  });

  it("refuses invite links and bans to a bot that is not an administrator", async () => {
    fake.setChatMember(-100558, bot.id, "member");
    const refused = await api.createChatInviteLink(-100558, {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GrammyError);
    expect((refused as GrammyError).description).toBe(
      "Bad Request: not enough rights to manage chat invite links",
    );
    await expect(api.banChatMember(-100558, 42)).rejects.toThrow(/not enough rights/);
  });
});

describe("webhooks", () => {
  let receiver: Server;
  let receiverUrl: string;
  const received: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  let answerStatus = 200;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let data = "";
      req.on("data", (chunk: Buffer) => (data += chunk.toString()));
      req.on("end", () => {
        received.push({ headers: req.headers, body: JSON.parse(data) });
        res.writeHead(answerStatus).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    receiverUrl = `http://127.0.0.1:${address.port}/api/telegram/1`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  afterEach(() => {
    received.length = 0;
    answerStatus = 200;
  });

  it("stores the webhook and reports it through getWebhookInfo", async () => {
    await expect(
      api.setWebhook(receiverUrl, {
        secret_token: "s3cret_-",
        allowed_updates: ["message", "callback_query"],
      }),
    ).resolves.toBe(true);
    expect(fake.callsTo("setWebhook")[0]?.response).toMatchObject({
      description: "Webhook was set",
    });
    expect(fake.webhook(bot.token)).toEqual({
      url: receiverUrl,
      secret_token: "s3cret_-",
      allowed_updates: ["message", "callback_query"],
    });
    expect(await api.getWebhookInfo()).toEqual({
      url: receiverUrl,
      has_custom_certificate: false,
      pending_update_count: 0,
      ip_address: "127.0.0.1",
      max_connections: 40,
      allowed_updates: ["message", "callback_query"],
    });
    fake.setWebhookError(bot.token, "Wrong response from the webhook: 502 Bad Gateway", 1700000000);
    expect(await api.getWebhookInfo()).toMatchObject({
      last_error_date: 1700000000,
      last_error_message: "Wrong response from the webhook: 502 Bad Gateway",
    });
    expect((await refusal(api.setWebhook("ftp://example.com/hook"))).description).toBe(
      "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    );
    expect(
      (await refusal(api.setWebhook(receiverUrl, { secret_token: "no spaces" }))).error_code,
    ).toBe(400);
  });

  it("delivers pushed updates with the secret header and fresh update ids", async () => {
    await api.setWebhook(receiverUrl, { secret_token: "s3cret" });
    const res = await fake.pushUpdate(
      bot.token,
      messageUpdate({ chatId: 601, text: "/start ref_7" }),
    );
    expect(res.status).toBe(200);
    const [first] = received;
    expect(first?.headers["x-telegram-bot-api-secret-token"]).toBe("s3cret");
    expect(first?.headers["content-type"]).toBe("application/json");
    expect(first?.body).toMatchObject({
      message: {
        chat: { id: 601, type: "private" },
        from: { id: 601, is_bot: false },
        text: "/start ref_7",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    });
    const id = first?.body.update_id;
    expect(typeof id).toBe("number");

    await fake.pushUpdate(bot.token, contactUpdate({ chatId: 601, phoneNumber: "+79990001122" }), {
      secret: "wrong",
    });
    expect(received[1]?.headers["x-telegram-bot-api-secret-token"]).toBe("wrong");
    expect(received[1]?.body.update_id).toBe(Number(id) + 1);
    expect(received[1]?.body).toMatchObject({
      message: { contact: { phone_number: "+79990001122", user_id: 601 } },
    });

    await fake.pushUpdate(bot.token, { update_id: 5, message: { text: "raw" } }, { secret: null });
    expect(received[2]?.headers["x-telegram-bot-api-secret-token"]).toBeUndefined();
    expect(received[2]?.body.update_id).toBe(5);
  });

  it("continues the chat's message ids after a pushed message and fills callback messages", async () => {
    await api.setWebhook(receiverUrl);
    await fake.pushUpdate(
      bot.token,
      messageUpdate({ chatId: 602, text: "hi", messageId: 40, from: { first_name: "Ann" } }),
    );
    const reply = await api.sendMessage(602, "Pick one", {
      reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
    });
    expect(reply.message_id).toBe(41);
    expect(reply.chat).toMatchObject({ id: 602, first_name: "Ann" });
    await fake.pushUpdate(
      bot.token,
      callbackUpdate({ chatId: 602, data: "a", messageId: reply.message_id }),
    );
    expect(received[1]?.body).toMatchObject({
      callback_query: {
        data: "a",
        from: { id: 602 },
        message: { message_id: 41, text: "Pick one", from: { id: bot.id } },
      },
    });
  });

  it("records a failed delivery as the webhook's last error", async () => {
    await api.setWebhook(receiverUrl);
    answerStatus = 500;
    const res = await fake.pushUpdate(bot.token, messageUpdate({ chatId: 603, text: "x" }));
    expect(res.status).toBe(500);
    expect((await api.getWebhookInfo()).last_error_message).toBe(
      "Wrong response from the webhook: 500 Internal Server Error",
    );
  });

  it("forgets the webhook on deleteWebhook", async () => {
    await api.setWebhook(receiverUrl);
    await expect(api.deleteWebhook()).resolves.toBe(true);
    expect(fake.webhook(bot.token)).toBeUndefined();
    expect(await api.getWebhookInfo()).toEqual({
      url: "",
      has_custom_certificate: false,
      pending_update_count: 0,
    });
    await expect(
      fake.pushUpdate(bot.token, messageUpdate({ chatId: 1, text: "x" })),
    ).rejects.toThrow(/no webhook/);
  });
});

describe("reset and bots", () => {
  it("reset clears calls and pending failures but keeps bots", async () => {
    fake.failNext("getMe", telegramFailures.chatNotFound);
    await api.getMe().catch(() => undefined);
    fake.failNext("getMe", telegramFailures.chatNotFound);
    fake.reset();
    expect(fake.calls).toEqual([]);
    await expect(api.getMe()).resolves.toMatchObject({ id: bot.id });
  });

  it("takes a given token and derives the id from it; removeBot revokes it", async () => {
    const given = fake.addBot({ token: "7001:AAtest" });
    expect(given).toMatchObject({ id: 7001, token: "7001:AAtest", username: "test_7001_bot" });
    const other = new Api(given.token, { apiRoot: fake.apiRoot });
    await expect(other.getMe()).resolves.toMatchObject({ id: 7001 });
    fake.removeBot(given.token);
    expect((await refusal(other.getMe())).error_code).toBe(401);
    expect(fake.callsTo("getMe", given.token)).toHaveLength(2);
  });

  it("with acceptAnyToken answers any well-formed token, unless the filter or removeBot refuses it", async () => {
    const open = await startFakeTelegram({
      acceptAnyToken: (token) => !token.includes(":AArefused"),
    });
    try {
      const client = (token: string) => new Api(token, { apiRoot: open.apiRoot });
      await expect(client("4242:AAanything_at-all").getMe()).resolves.toMatchObject({
        id: 4242,
        username: "test_4242_bot",
      });
      await client("4242:AAanything_at-all").setWebhook("http://127.0.0.1:1/hook");
      expect(open.webhook("4242:AAanything_at-all")?.url).toBe("http://127.0.0.1:1/hook");
      expect((await refusal(client("4242:AArefused").getMe())).error_code).toBe(401);
      expect((await refusal(client("no-colon").getMe())).error_code).toBe(401);
      open.removeBot("4242:AAanything_at-all");
      expect((await refusal(client("4242:AAanything_at-all").getMe())).error_code).toBe(401);
    } finally {
      await open.close();
    }
  });
});
