import { describe, expect, it } from "vitest";
import { formatAmount, formatMoment } from "./localized";
import { renderTemplate } from "./template";

const moscow = { locale: "ru", timeZone: "Europe/Moscow" };
const london = { locale: "en-GB", timeZone: "Europe/London" };
const at = "2026-11-24T09:43:00Z";

describe("amounts", () => {
  it("read as the contact writes money; whole amounts without kopecks", () => {
    expect(formatAmount(14500, "RUB", moscow)).toBe("14\u00a0500\u00a0₽");
    expect(formatAmount("14500.5", "RUB", moscow)).toBe("14\u00a0500,50\u00a0₽");
    expect(formatAmount(14500, "USD", london)).toBe("US$14,500");
    expect(formatAmount(150, "XTR", london)).toBe("150 ⭐");
    expect(formatAmount("n/a", "RUB", moscow)).toBe("n/a");
  });
});

describe("moments", () => {
  it("in the contact's zone; Russian readers get Moscow-relative zone names", () => {
    expect(formatMoment(at, "time", moscow)).toBe("12:43 МСК");
    expect(formatMoment(at, "time", { locale: "ru", timeZone: "Asia/Yekaterinburg" })).toBe(
      "14:43 МСК+2",
    );
    expect(formatMoment(at, "date", moscow)).toBe("24 ноября 2026 г.");
    expect(formatMoment(at, "datetime", london)).toBe("24 November 2026, 09:43 GMT");
    expect(formatMoment("yesterday", "time", moscow)).toBe("yesterday");
  });

  it("an unknown zone reads as UTC", () => {
    expect(formatMoment(at, "time", { locale: "en", timeZone: "Mars/Base" })).toBe("09:43 UTC");
  });
});

describe("template filters", () => {
  const scope = {
    event: { amount: 14500, currency: "RUB", time: at, empty: "" },
    localeSettings: moscow,
  };

  it("format an event's money and times", () => {
    expect(
      renderTemplate("Выплата {{event.amount | money}} в {{event.time | time}}", scope, "plain"),
    ).toBe("Выплата 14\u00a0500\u00a0₽ в 12:43 МСК");
  });

  it("keep the fallback for a missing value, and escape the result", () => {
    expect(renderTemplate('{{event.missing | money | "—"}}', scope, "plain")).toBe("—");
    expect(renderTemplate("{{event.time | datetime}}", scope, "markdown")).toBe(
      "24 ноября 2026 г\\., 12:43 МСК",
    );
  });
});
