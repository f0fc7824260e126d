import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { bots } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { config } from "@/lib/config/env";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { logger } from "@/lib/log";
import { isRejectedToken, telegramApi, telegramApiError } from "@/lib/telegram/client";
import { botColumns, getBotCredentials, inWorkspace, newWebhookSecret, type BotRow } from "./bots";

/**
 * The updates the runtime handles. Telegram only sends chat_member when it is asked for by
 * name, so the list is explicit rather than "everything but".
 */
export const ALLOWED_UPDATES = [
  "message",
  "edited_message",
  "callback_query",
  "pre_checkout_query",
  "chat_join_request",
  "chat_member",
  "my_chat_member",
] as const;

/** Where Telegram delivers this bot's updates: app/api/telegram/[botId]. */
export function webhookUrlFor(botId: string): string {
  return `${config().APP_URL}/api/telegram/${botId}`;
}

interface BotRef {
  workspaceId: string;
  id: string;
  actor: Actor;
}

/**
 * Registers (or re-registers) the bot's webhook with Telegram, then records the URL. The call
 * to Telegram happens outside any transaction; a failure is journaled and thrown as an
 * ApiError carrying Telegram's description, and leaves the stored state as it was.
 */
export async function registerWebhook(db: Db, ref: BotRef): Promise<BotRow> {
  const bot = await getBotCredentials(db, ref.workspaceId, ref.id);
  const url = webhookUrlFor(bot.id);
  try {
    await telegramApi(bot.token).setWebhook(url, {
      secret_token: bot.webhookSecret,
      allowed_updates: [...ALLOWED_UPDATES],
      // Updates that arrived while the bot was disconnected are still the customers' messages.
      drop_pending_updates: false,
    });
  } catch (err) {
    const error = telegramApiError(err);
    await recordJournal(db, {
      workspaceId: ref.workspaceId,
      actor: ref.actor,
      kind: "bot.webhook_failed",
      botId: bot.id,
      subjectId: bot.id,
      data: { url, error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
  return db.transaction(async (tx) => {
    const [now] = await tx
      .select({ tokenEncrypted: bots.tokenEncrypted, webhookUrl: bots.webhookUrl })
      .from(bots)
      .where(inWorkspace(ref.workspaceId, ref.id))
      .for("update");
    if (!now) throw notFound("Bot");
    // Ciphertexts are randomised, so an equal one means the very same stored token.
    if (now.tokenEncrypted !== bot.tokenEncrypted) {
      throw new ApiError(
        "conflict",
        "The bot's token was replaced while its webhook was being registered; register it again.",
      );
    }
    const [row] = await tx
      .update(bots)
      .set({ webhookUrl: url, updatedAt: new Date() })
      .where(eq(bots.id, bot.id))
      .returning(botColumns);
    if (!row) throw notFound("Bot");
    await recordJournal(tx, {
      workspaceId: ref.workspaceId,
      actor: ref.actor,
      // Connected: updates start reaching us. Re-registered: they already did (new URL,
      // new token, or a repair after Telegram reported errors).
      kind: now.webhookUrl === null ? "bot.connected" : "bot.webhook_registered",
      botId: bot.id,
      subjectId: bot.id,
      data: { url, ...(now.webhookUrl && now.webhookUrl !== url ? { from: now.webhookUrl } : {}) },
    });
    return row;
  });
}

/**
 * Stops Telegram from sending the bot's updates here (deleteWebhook, keeping pending updates
 * for whoever connects it next) and records the bot as disconnected. If Telegram no longer
 * accepts the token (revoked in @BotFather), the webhook cannot be deleted; the bot is marked
 * disconnected anyway and its webhook secret rotated, so any further delivery is refused.
 */
export async function disconnectBot(db: Db, ref: BotRef): Promise<BotRow> {
  const bot = await getBotCredentials(db, ref.workspaceId, ref.id);
  let refusedBecause: string | undefined;
  try {
    await telegramApi(bot.token).deleteWebhook({ drop_pending_updates: false });
  } catch (err) {
    if (!isRejectedToken(err)) throw telegramApiError(err);
    refusedBecause = `${err.error_code} ${err.description}`;
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(bots)
      .set({
        webhookUrl: null,
        updatedAt: new Date(),
        ...(refusedBecause ? { webhookSecretEncrypted: newWebhookSecret() } : {}),
      })
      .where(inWorkspace(ref.workspaceId, ref.id))
      .returning(botColumns);
    if (!row) throw notFound("Bot");
    await recordJournal(tx, {
      workspaceId: ref.workspaceId,
      actor: ref.actor,
      kind: "bot.disconnected",
      botId: bot.id,
      subjectId: bot.id,
      data: {
        url: bot.webhookUrl,
        ...(refusedBecause ? { tokenRejected: refusedBecause, secretRotated: true } : {}),
      },
    });
    return row;
  });
}

/**
 * Best effort: asks Telegram to stop sending a bot's updates with a token we are about to
 * forget (the bot is deleted, or its token now belongs to another bot). A failure only logs:
 * the caller's change goes ahead, and deliveries to a URL or secret we no longer accept fail.
 */
export async function forgetWebhook(token: string, botId: string): Promise<boolean> {
  try {
    await telegramApi(token).deleteWebhook({ drop_pending_updates: false });
    return true;
  } catch (err) {
    logger.warn(
      { botId, error: err instanceof Error ? err.message : String(err) },
      "could not delete a webhook at Telegram",
    );
    return false;
  }
}
