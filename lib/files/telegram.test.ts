import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Api, GrammyError } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import {
  startFakeTelegram,
  telegramFailures,
  type FakeBot,
  type FakeTelegram,
} from "@/test/fakes/telegram";
import { storageFor } from "./storage";
import { sendFileInChat, TELEGRAM_UPLOAD_LIMIT, type ChatFile } from "./telegram";

describe("sendFileInChat", () => {
  let telegram: FakeTelegram;
  let bot: FakeBot;
  let api: Api;
  let previous: AppConfig;
  let dataDir: string;
  let asset: ChatFile;
  const data = crypto.randomBytes(200 * 1024);
  const botId = crypto.randomUUID();
  const chatId = 4242;

  beforeAll(async () => {
    previous = config();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-files-tg-"));
    setConfigForTests({ ...previous, DATA_DIR: dataDir });
    telegram = await startFakeTelegram();
    bot = telegram.addBot();
    api = new Api(bot.token, { apiRoot: telegram.apiRoot });
    const stored = await (
      await storageFor("local")
    ).put(new Blob([data]).stream(), {
      workspaceId: crypto.randomUUID(),
      name: "Руководство.pdf",
      contentType: "application/pdf",
      maxBytes: 1024 * 1024,
    });
    asset = { ...stored, name: "Руководство.pdf", telegramFileIds: {} };
  });
  afterAll(async () => {
    setConfigForTests(previous);
    await telegram.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("uploads a file the bot never sent, and gives back the file_id to keep", async () => {
    telegram.reset();
    const result = await sendFileInChat(api, {
      botId,
      chatId,
      asset,
      caption: "<b>Your book</b>",
      parseMode: "HTML",
    });
    expect(result.kind).toBe("sent");
    if (result.kind !== "sent") return;
    const [call] = telegram.callsTo("sendDocument");
    expect(call?.status).toBe(200);
    // grammY names the part at random and sends `document: "attach://<part>"`.
    const uploaded = Object.values(call?.files ?? {})[0];
    expect(call?.params.document).toBe(`attach://${uploaded?.field}`);
    expect(uploaded?.filename).toBe("Руководство.pdf");
    expect(uploaded?.data.equals(data)).toBe(true);
    expect(call?.params).toMatchObject({ chat_id: String(chatId), parse_mode: "HTML" });
    expect(result.message.caption).toBe("Your book");
    expect(result.remember).toBe(true);
    expect(result.telegramFileId).toBe(result.message.document.file_id);
    asset = { ...asset, telegramFileIds: { [botId]: result.telegramFileId } };
  });

  it("sends by file_id next time, without uploading", async () => {
    telegram.reset();
    const result = await sendFileInChat(api, { botId, chatId, asset });
    expect(result).toMatchObject({ kind: "sent", remember: false });
    const [call] = telegram.callsTo("sendDocument");
    expect(call?.files).toBeUndefined();
    expect(call?.params.document).toBe(asset.telegramFileIds[botId]);
    expect(call?.params.caption).toBeUndefined();
  });

  it("uploads again when Telegram no longer knows the file_id", async () => {
    telegram.reset();
    telegram.failNext("sendDocument", {
      error_code: 400,
      description: "Bad Request: wrong file identifier/HTTP URL specified",
    });
    const result = await sendFileInChat(api, { botId, chatId, asset });
    expect(result).toMatchObject({ kind: "sent", remember: true });
    const calls = telegram.callsTo("sendDocument");
    expect(calls.map((c) => c.status)).toEqual([400, 200]);
    expect(Object.values(calls[1]?.files ?? {})[0]?.data.equals(data)).toBe(true);
  });

  it("answers too_large above 50 MB unless Telegram already has the file", async () => {
    telegram.reset();
    const big = { ...asset, size: TELEGRAM_UPLOAD_LIMIT + 1, telegramFileIds: {} };
    expect(await sendFileInChat(api, { botId, chatId, asset: big })).toEqual({
      kind: "too_large",
      size: TELEGRAM_UPLOAD_LIMIT + 1,
      limit: TELEGRAM_UPLOAD_LIMIT,
    });
    expect(telegram.callsTo("sendDocument")).toEqual([]);
    const knownBig = { ...big, telegramFileIds: asset.telegramFileIds };
    expect((await sendFileInChat(api, { botId, chatId, asset: knownBig })).kind).toBe("sent");
  });

  it("leaves Telegram's other refusals to the caller", async () => {
    telegram.failNext("sendDocument", telegramFailures.blocked);
    await expect(sendFileInChat(api, { botId, chatId, asset })).rejects.toBeInstanceOf(GrammyError);
    // A retry re-opens the file from storage.
    telegram.failNext("sendDocument", telegramFailures.tooManyRequests(1));
    const fresh = { ...asset, telegramFileIds: {} };
    await expect(sendFileInChat(api, { botId, chatId, asset: fresh })).rejects.toBeInstanceOf(
      GrammyError,
    );
    const retried = await sendFileInChat(api, { botId, chatId, asset: fresh });
    expect(retried.kind).toBe("sent");
  });
});
