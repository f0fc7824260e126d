import type { z } from "zod";
import { api } from "@/components/api/request";
import { getBot, type botSchema } from "@/lib/api/contracts/bots";
import { createFlow, listFlows, type flowSchema } from "@/lib/api/contracts/flows";

export type FlowDto = z.infer<typeof flowSchema>;
type BotDto = z.infer<typeof botSchema>;

export const flowsKey = (botId: string) => ["flows", botId] as const;

export const flowsQuery = (botId: string) => ({
  queryKey: flowsKey(botId),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ data: FlowDto[] }>(listFlows.path, { botId }, signal).then((r) => r.data),
});

export const botQuery = (botId: string) => ({
  queryKey: ["bots", botId] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ bot: BotDto }>(
        getBot.path.replace("{id}", encodeURIComponent(botId)),
        undefined,
        signal,
      )
      .then((r) => r.bot),
});

export const flowsPath = createFlow.path;

export const flowEditorHref = (botId: string, flowId: string) =>
  `/bots/${encodeURIComponent(botId)}/flows/${encodeURIComponent(flowId)}`;
