import "server-only";
import type { Executor } from "@/lib/db";
import { callTelegram, telegramApi } from "@/lib/telegram/client";
import { getBotCredentials } from "./bots";
import { ALLOWED_UPDATES, webhookUrlFor } from "./webhook";

/**
 * - `ok`: Telegram delivers to our URL and reported no recent failure;
 * - `failing`: it delivers to our URL but its last attempt within the hour failed;
 * - `elsewhere`: it delivers to another URL (another app, or this app's old APP_URL);
 * - `not_set`: no webhook, so Telegram keeps the updates until one is set;
 * - `outdated`: our URL, but subscribed to fewer update kinds than Botshop handles.
 */
export type WebhookStatus = "ok" | "failing" | "elsewhere" | "not_set" | "outdated";

export interface WebhookHealth {
  status: WebhookStatus;
  /** The URL Botshop registers for this bot. */
  expectedUrl: string;
  /** The URL Telegram delivers to; null when no webhook is set. */
  url: string | null;
  matches: boolean;
  pendingUpdateCount: number;
  lastErrorAt: Date | null;
  lastErrorMessage: string | null;
  maxConnections: number | null;
  allowedUpdates: string[] | null;
  checkedAt: Date;
}

/**
 * Telegram keeps the last error's date after deliveries recover, so only a recent one means
 * the webhook is failing now.
 */
const RECENT_ERROR_MS = 60 * 60 * 1000;

/** Asks Telegram (getWebhookInfo) where and how well it delivers the bot's updates. */
export async function getWebhookHealth(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<WebhookHealth> {
  const bot = await getBotCredentials(db, workspaceId, id);
  const info = await callTelegram(() => telegramApi(bot.token).getWebhookInfo());
  const checkedAt = new Date();
  const expectedUrl = webhookUrlFor(bot.id);
  const url = info.url ? info.url : null;
  const matches = url === expectedUrl;
  const lastErrorAt = info.last_error_date ? new Date(info.last_error_date * 1000) : null;
  const allowedUpdates = info.allowed_updates ? [...info.allowed_updates] : null;
  const missing = allowedUpdates
    ? ALLOWED_UPDATES.filter((kind) => !allowedUpdates.includes(kind))
    : [];
  const status: WebhookStatus = !url
    ? "not_set"
    : !matches
      ? "elsewhere"
      : lastErrorAt && checkedAt.getTime() - lastErrorAt.getTime() < RECENT_ERROR_MS
        ? "failing"
        : missing.length
          ? "outdated"
          : "ok";
  return {
    status,
    expectedUrl,
    url,
    matches,
    pendingUpdateCount: info.pending_update_count,
    lastErrorAt,
    lastErrorMessage: info.last_error_message ?? null,
    maxConnections: info.max_connections ?? null,
    allowedUpdates,
    checkedAt,
  };
}
