import type { Db } from "@/lib/db";
import { createBot } from "@/lib/bots/bots";
import type { FlowDocument } from "@/lib/flow/document";
import { createTestAccount, type TestAccount } from "./http";
import { TELEGRAM_TOKEN } from "./security/routes";

/** The smallest flow that publishes: /start → a message. */
export function publishableDocument(text = "Hello!"): FlowDocument {
  return {
    version: 1,
    nodes: [
      { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: { payload: "" } },
      { id: "hello", type: "message", position: { x: 240, y: 0 }, config: { text } },
    ],
    edges: [{ id: "e1", source: "start", sourceHandle: "next", target: "hello" }],
    variables: [],
  };
}

/**
 * An owner account (with an API key) and a bot in its workspace: where flow tests start. The
 * bot is stored as if Telegram had answered getMe, without calling it (and not connected).
 */
export async function createTestShop(
  db: Db,
  botName = "Shop bot",
): Promise<{ owner: TestAccount; botId: string }> {
  const owner = await createTestAccount(db);
  const bot = await createBot(db, {
    workspaceId: owner.workspaceId,
    name: botName,
    token: TELEGRAM_TOKEN,
    telegramMe: {
      id: Number(TELEGRAM_TOKEN.split(":")[0]),
      username: "shop_bot",
      first_name: botName,
    },
    actor: { type: "system" },
  });
  return { owner, botId: bot.id };
}
