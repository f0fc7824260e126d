import { describe, expect, it } from "vitest";
import { paramsOf } from "./params";

const of = (qs: string) => paramsOf(new URLSearchParams(qs));

describe("the analytics page's address", () => {
  it("defaults to the last 30 days per day", () => {
    expect(of("")).toEqual({ custom: false, days: 30, botId: undefined, bucket: "day" });
  });

  it("takes the presets only, and groups 90 days by week unless told", () => {
    expect(of("days=7")).toEqual({ custom: false, days: 7, botId: undefined, bucket: "day" });
    expect(of("days=90").bucket).toBe("week");
    expect(of("days=90&bucket=day").bucket).toBe("day");
    expect(of("days=45").days).toBe(30);
  });

  it("reads a custom range of days, with its bot, and ignores malformed dates", () => {
    expect(of("from=2026-03-01&to=2026-03-14&bot=b1&days=7")).toEqual({
      custom: true,
      from: "2026-03-01",
      to: "2026-03-14",
      botId: "b1",
      bucket: "day",
    });
    expect(of("from=2026-01-01&to=2026-02-01").bucket).toBe("week");
    expect(of("from=2026-03-01&to=tomorrow")).toEqual({
      custom: false,
      days: 30,
      botId: undefined,
      bucket: "day",
    });
  });
});
