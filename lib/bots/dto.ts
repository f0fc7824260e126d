import { iso } from "@/lib/api/contracts/common";
import type { BotRow } from "./bots";

export function toBotDto(row: BotRow) {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    // Filled from the cached getMe once the runtime has called it; this API never calls Telegram.
    username: row.telegramMe?.username ?? null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
