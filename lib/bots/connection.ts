import "server-only";
import type { Db } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/journal/record";
import { callTelegram, telegramApi } from "@/lib/telegram/client";
import {
  createBot,
  deleteBot,
  getBotCredentials,
  updateBot,
  type BotRow,
  type TelegramMe,
} from "./bots";
import { forgetWebhook, registerWebhook } from "./webhook";

/**
 * Asks Telegram who a token belongs to (getMe). A token Telegram does not know is a 422 on the
 * `token` field, with Telegram's description.
 */
export async function fetchTelegramMe(token: string): Promise<TelegramMe> {
  const me = await callTelegram(() => telegramApi(token).getMe(), { tokenField: "token" });
  if (!me.is_bot || !me.username) {
    const message = "Telegram says this token does not belong to a bot.";
    throw new ApiError("unprocessable_entity", message, {
      details: [{ path: "token", message }],
    });
  }
  return { id: me.id, username: me.username, first_name: me.first_name };
}

/**
 * The webhook could not be registered, but what came before it (storing the bot, its new
 * token) stands: the owner can register again from the bot's page.
 */
export interface WebhookError {
  code: ApiError["code"];
  message: string;
}

export interface ConnectResult {
  bot: BotRow;
  webhookError?: WebhookError;
}

async function tryRegisterWebhook(
  db: Db,
  ref: { workspaceId: string; id: string; actor: Actor },
  bot: BotRow,
): Promise<ConnectResult> {
  try {
    return { bot: await registerWebhook(db, ref) };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { bot, webhookError: { code: err.code, message: err.message } };
  }
}

/**
 * Adds a bot: checks the token with Telegram (nothing is stored if it refuses), stores the bot
 * with its getMe answer, then registers the webhook. Telegram is called outside transactions.
 */
export async function connectBot(
  db: Db,
  input: { workspaceId: string; name: string; token: string; actor: Actor },
): Promise<ConnectResult> {
  const telegramMe = await fetchTelegramMe(input.token);
  const bot = await createBot(db, { ...input, telegramMe });
  return tryRegisterWebhook(db, { ...input, id: bot.id }, bot);
}

export interface ChangeResult extends ConnectResult {
  /** The new token belongs to another Telegram bot than the old one. */
  differentBot?: { previous: TelegramMe; current: TelegramMe };
}

/**
 * Renames a bot and/or replaces its token. A new token is checked with getMe and the webhook
 * registered with it. If it belongs to a different Telegram bot, the change is allowed (moving
 * a shop to a new bot is legitimate) and reported as `differentBot`, and the old bot's
 * webhook is deleted so it stops sending its customers' messages here.
 */
export async function changeBot(
  db: Db,
  input: { workspaceId: string; id: string; name?: string; token?: string; actor: Actor },
): Promise<ChangeResult> {
  const { token, ...rest } = input;
  if (token === undefined) return { bot: (await updateBot(db, rest)).bot };

  // Existence first, so a wrong id never costs a call to Telegram.
  const before = await getBotCredentials(db, input.workspaceId, input.id);
  const telegramMe = await fetchTelegramMe(token);
  const { bot, replaced } = await updateBot(db, { ...rest, replacement: { token, telegramMe } });
  const result: ChangeResult = await tryRegisterWebhook(db, input, bot);
  if (replaced && !replaced.sameBot && replaced.previous) {
    if (before.webhookUrl) await forgetWebhook(before.token, bot.id);
    result.differentBot = { previous: replaced.previous, current: telegramMe };
  }
  return result;
}

/**
 * Deletes a bot. Its webhook is deleted at Telegram first (best effort: a revoked token or an
 * unreachable Telegram does not keep the owner from deleting it).
 */
export async function removeBot(
  db: Db,
  input: { workspaceId: string; id: string; actor: Actor },
): Promise<void> {
  const bot = await getBotCredentials(db, input.workspaceId, input.id);
  if (bot.webhookUrl) await forgetWebhook(bot.token, bot.id);
  await deleteBot(db, input.workspaceId, input.id, input.actor);
}
