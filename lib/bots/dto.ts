import { iso } from "@/lib/api/contracts/common";
import type { BotRow, TelegramMe } from "./bots";
import type { WebhookHealth } from "./webhook-health";

export function toTelegramBotDto(me: TelegramMe) {
  return { id: me.id, username: me.username, firstName: me.first_name };
}

export function toBotDto(row: BotRow) {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    username: row.telegramMe?.username ?? null,
    telegram: row.telegramMe ? toTelegramBotDto(row.telegramMe) : null,
    webhookUrl: row.webhookUrl,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function toWebhookHealthDto(health: WebhookHealth) {
  return {
    ...health,
    lastErrorAt: iso(health.lastErrorAt),
    checkedAt: iso(health.checkedAt),
  };
}
