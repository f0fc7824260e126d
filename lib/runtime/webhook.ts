import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { bots } from "@/lib/db/schema";
import { constantTimeEqual, decryptSecret } from "@/lib/crypto/secrets";
import type { RuntimeBot } from "./engine";
import { isUuid } from "@/lib/api/caller";

/**
 * The bot a webhook call is for, when it carries that bot's secret
 * (X-Telegram-Bot-Api-Secret-Token, compared in constant time); null otherwise. An unknown bot
 * and a wrong secret look the same to the caller.
 */
export async function authenticateWebhook(
  db: Db,
  botId: string,
  secretHeader: string | null,
): Promise<RuntimeBot | null> {
  if (!secretHeader || !isUuid(botId)) return null;
  const [bot] = await db
    .select({
      id: bots.id,
      workspaceId: bots.workspaceId,
      secret: bots.webhookSecretEncrypted,
      me: bots.telegramMe,
    })
    .from(bots)
    .where(eq(bots.id, botId));
  if (!bot || !constantTimeEqual(decryptSecret(bot.secret), secretHeader)) return null;
  return { id: bot.id, workspaceId: bot.workspaceId, username: bot.me?.username ?? "" };
}
