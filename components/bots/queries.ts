import type { z } from "zod";
import { api } from "@/components/api/request";
import {
  createBot,
  getBotWebhook,
  listBots,
  updateBot,
  type botSchema,
  type webhookErrorSchema,
  type webhookHealthSchema,
} from "@/lib/api/contracts/bots";

export type BotDto = z.infer<typeof botSchema>;
export type WebhookHealthDto = z.infer<typeof webhookHealthSchema>;
export type WebhookErrorDto = z.infer<typeof webhookErrorSchema>;

/** Every bot query starts with this key, so invalidating it refreshes lists, bots and health. */
export const botsKey = ["bots"] as const;

export const botsQuery = {
  queryKey: botsKey,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ data: BotDto[] }>(listBots.path, undefined, signal).then((r) => r.data),
};

export const botPath = (id: string) => updateBot.path.replace("{id}", encodeURIComponent(id));
export const botsPath = createBot.path;
export const webhookPath = (id: string) =>
  getBotWebhook.path.replace("{id}", encodeURIComponent(id));
export const botHref = (id: string) => `/bots/${encodeURIComponent(id)}`;

/** Same key and data as the flows page's bot query (components/flows/queries.ts). */
export const botKey = (id: string) => ["bots", id] as const;

export const botQuery = (id: string) => ({
  queryKey: botKey(id),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ bot: BotDto }>(botPath(id), undefined, signal).then((r) => r.bot),
});

export const webhookKey = (id: string) => ["bots", id, "webhook"] as const;

/** Asks Telegram through the API; its refusals are answers to show, not blips to retry. */
export const webhookQuery = (id: string) => ({
  queryKey: webhookKey(id),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ webhook: WebhookHealthDto }>(webhookPath(id), undefined, signal)
      .then((r) => r.webhook),
  retry: false,
});

/**
 * Telegram's refusal of the bot's last webhook registration (from adding the bot, replacing its
 * token, or "Register again"), kept in this browser until a registration succeeds. A client-side
 * slot in the query cache, so the dialogs that learn it and the page that shows it share it.
 */
export const webhookErrorKey = (id: string) => ["webhook-error", id] as const;

export const webhookErrorQuery = (id: string) => ({
  queryKey: webhookErrorKey(id),
  queryFn: () => null,
  initialData: null as Pick<WebhookErrorDto, "message"> | null,
  enabled: false,
  staleTime: Infinity,
});
