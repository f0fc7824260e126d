import type { z } from "zod";
import { api } from "@/components/api/request";
import {
  createBroadcast,
  describeBroadcastAudience,
  getBroadcast,
  listBroadcastSegments,
  listBroadcasts,
  previewBroadcast,
  type broadcastClicksSchema,
  type broadcastSchema,
} from "@/lib/api/contracts/broadcasts";

export type BroadcastDto = z.infer<typeof broadcastSchema>;
export type BroadcastClicksDto = z.infer<typeof broadcastClicksSchema>;
export type BroadcastStatus = BroadcastDto["status"];
export interface AudienceDto {
  count: number;
  contacts: { id: string; name: string; username: string | null; languageCode: string | null }[];
}
export interface PreviewCallDto {
  method: "sendMessage" | "sendPhoto";
  params: Record<string, unknown>;
}

export const broadcastsKey = ["broadcasts"] as const;

/** While a broadcast sends, its numbers move every second. */
const live = (status: BroadcastStatus | undefined) => status === "sending";

export const broadcastsQuery = {
  queryKey: broadcastsKey,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ data: BroadcastDto[] }>(listBroadcasts.path, undefined, signal).then((r) => r.data),
  refetchInterval: (q: { state: { data?: BroadcastDto[] } }) =>
    q.state.data?.some((b) => live(b.status)) ? 2000 : false,
};

export const broadcastPath = (id: string) =>
  getBroadcast.path.replace("{id}", encodeURIComponent(id));

export const broadcastQuery = (id: string) => ({
  queryKey: [...broadcastsKey, id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ broadcast: BroadcastDto; clicks: BroadcastClicksDto }>(
      broadcastPath(id),
      undefined,
      signal,
    ),
  refetchInterval: (q: { state: { data?: { broadcast: BroadcastDto } } }) =>
    live(q.state.data?.broadcast.status) ? 1000 : false,
});

export const segmentsQuery = {
  queryKey: [...broadcastsKey, "segments"] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ data: { id: string; name: string }[] }>(listBroadcastSegments.path, undefined, signal)
      .then((r) => r.data),
};

export const broadcastsPath = createBroadcast.path;
export const audiencePath = describeBroadcastAudience.path;
export const previewPath = previewBroadcast.path;
export const broadcastHref = (id: string) => `/broadcasts/${encodeURIComponent(id)}`;

export const statusTone = {
  draft: "neutral",
  scheduled: "brand",
  sending: "warning",
  paused: "warning",
  completed: "success",
  cancelled: "danger",
} as const;

/** Recipients reached one way or another, out of the total. */
export const doneOf = (b: BroadcastDto) =>
  b.progress.sent + b.progress.failed + b.progress.blocked + b.progress.cancelled;
