import { describe, expect, it } from "vitest";
import { asksForHuman, parseSupportSettings, withinWorkingHours } from "./settings";

describe("working hours", () => {
  const weekdays = { timeZone: "Europe/Moscow", days: [1, 2, 3, 4, 5], from: "09:00", to: "18:00" };

  it("are read in the shop's time zone", () => {
    // Monday 2026-11-23 06:30 UTC is 09:30 in Moscow.
    expect(withinWorkingHours(weekdays, new Date("2026-11-23T06:30:00Z"))).toBe(true);
    // 05:59 UTC is 08:59 in Moscow.
    expect(withinWorkingHours(weekdays, new Date("2026-11-23T05:59:00Z"))).toBe(false);
    // 15:00 UTC is 18:00 in Moscow: closed.
    expect(withinWorkingHours(weekdays, new Date("2026-11-23T15:00:00Z"))).toBe(false);
    // Saturday.
    expect(withinWorkingHours(weekdays, new Date("2026-11-28T09:00:00Z"))).toBe(false);
  });

  it("may run overnight: the small hours belong to the day before", () => {
    const nights = { timeZone: "UTC", days: [5], from: "22:00", to: "06:00" };
    expect(withinWorkingHours(nights, new Date("2026-11-27T23:00:00Z"))).toBe(true); // Fri
    expect(withinWorkingHours(nights, new Date("2026-11-28T05:00:00Z"))).toBe(true); // Sat early
    expect(withinWorkingHours(nights, new Date("2026-11-28T23:00:00Z"))).toBe(false); // Sat
  });

  it("none set: always; an unknown zone: always rather than never", () => {
    expect(withinWorkingHours(null, new Date())).toBe(true);
    expect(withinWorkingHours({ ...weekdays, timeZone: "Mars/Base" }, new Date())).toBe(true);
  });
});

describe("asking for a human", () => {
  const settings = parseSupportSettings({});

  it("by a command or a whole phrase, in any case and punctuation", () => {
    expect(asksForHuman(settings, "/human", { name: "human" })).toBe(true);
    expect(asksForHuman(settings, "Оператор!", undefined)).toBe(true);
    expect(asksForHuman(settings, "Позовите  человека", undefined)).toBe(true);
    expect(asksForHuman(settings, "where is my operator manual", undefined)).toBe(false);
    expect(asksForHuman(settings, "/start", { name: "start" })).toBe(false);
  });
});

describe("stored settings", () => {
  it("keep what still fits and default the rest", () => {
    const parsed = parseSupportSettings({ handoffText: "Wait", staffChatId: "not a chat" });
    expect(parsed.handoffText).toBe("Wait");
    expect(parsed.staffChatId).toBe("");
    expect(parsed.humanCommands).toEqual(["human", "operator"]);
  });
});
