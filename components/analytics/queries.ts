import type { z } from "zod";
import { api } from "@/components/api/request";
import { getAnalytics, type dashboardSchema } from "@/lib/api/contracts/analytics";

export type DashboardDto = z.infer<typeof dashboardSchema>;

export interface AnalyticsParams {
  /** A preset: the last `days` days up to today (ignored when from and to are set). */
  days?: number;
  from?: string;
  to?: string;
  botId?: string;
  bucket: "day" | "week";
}

export const analyticsQuery = (params: AnalyticsParams) => ({
  queryKey: ["analytics", params] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<DashboardDto>(getAnalytics.path, { ...params }, signal),
});
