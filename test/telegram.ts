import { afterAll, beforeAll } from "vitest";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import type { TelegramMe } from "@/lib/bots/bots";
import { startFakeTelegram, type FakeBot, type FakeTelegram } from "./fakes/telegram";

/**
 * Starts a fake Telegram Bot API for the whole file and points the app's Telegram client at
 * it (TELEGRAM_API_ROOT). Usage: `const telegram = useFakeTelegram();`, then `telegram()`.
 */
export function useFakeTelegram(
  opts: Parameters<typeof startFakeTelegram>[0] = {},
): () => FakeTelegram {
  let fake: FakeTelegram | undefined;
  let previous: AppConfig | undefined;
  beforeAll(async () => {
    fake = await startFakeTelegram(opts);
    previous = config();
    setConfigForTests({ ...previous, TELEGRAM_API_ROOT: fake.apiRoot });
  });
  afterAll(async () => {
    if (previous) setConfigForTests(previous);
    await fake?.close();
  });
  return () => {
    if (!fake) throw new Error("useFakeTelegram: the fake is not running yet (use it in a test)");
    return fake;
  };
}

/** What getMe answers for a fake bot, as the app stores it. */
export function telegramMeOf(bot: Pick<FakeBot, "id" | "username" | "first_name">): TelegramMe {
  return { id: bot.id, username: bot.username, first_name: bot.first_name };
}
