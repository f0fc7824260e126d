import type { AnalyticsParams } from "./queries";

export const presets = [7, 30, 90] as const;
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The URL holds the period (?days= or ?from=&to=), the bot and the grouping. */
export function paramsOf(search: URLSearchParams): AnalyticsParams & { custom: boolean } {
  const from = search.get("from") ?? "";
  const to = search.get("to") ?? "";
  const custom = DAY.test(from) && DAY.test(to);
  const days = Number(search.get("days"));
  const span = custom
    ? (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1
    : (presets as readonly number[]).includes(days)
      ? days
      : 30;
  const bucket = search.get("bucket");
  return {
    custom,
    ...(custom ? { from, to } : { days: span }),
    botId: search.get("bot") ?? undefined,
    // Days up to a month, weeks beyond, unless the reader chose.
    bucket: bucket === "day" || bucket === "week" ? bucket : span > 31 ? "week" : "day",
  };
}
