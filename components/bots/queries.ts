import type { z } from "zod";
import { api } from "@/components/api/request";
import { createBot, listBots, updateBot, type botSchema } from "@/lib/api/contracts/bots";

export type BotDto = z.infer<typeof botSchema>;

export const botsKey = ["bots"] as const;

export const botsQuery = {
  queryKey: botsKey,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ data: BotDto[] }>(listBots.path, undefined, signal).then((r) => r.data),
};

export const botPath = (id: string) => updateBot.path.replace("{id}", encodeURIComponent(id));
export const botsPath = createBot.path;
