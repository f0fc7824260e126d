import { describe, expect, it } from "vitest";
import { alertText, testAlertText } from "./messages";

const where = { workspace: "Shop", url: "https://shop.example/settings/alerts" };
const openedAt = new Date("2026-06-01T12:00:00Z");

describe("alert texts", () => {
  it("counts in each language's plural forms", () => {
    const keys = (free: number, locale: "en" | "ru") =>
      alertText(
        locale,
        "opened",
        {
          kind: "key_pool_low",
          detail: { product: "Pro", free, min: 5 },
          openedAt,
        },
        where,
      ).text.split("\n")[1];
    // The words of the page's incident list (messages/<locale>/alerts.json), not a second copy.
    expect(keys(1, "en")).toBe("Pro: 1 unused key left (threshold 5)");
    expect(keys(0, "en")).toBe("Pro: no unused keys left (threshold 5)");
    expect(keys(1, "ru")).toBe("Pro: остался 1 свободный ключ (порог 5)");
    expect(keys(3, "ru")).toBe("Pro: осталось 3 свободных ключа (порог 5)");
    expect(keys(5, "ru")).toBe("Pro: осталось 5 свободных ключей (порог 5)");
    expect(keys(0, "ru")).toBe("Pro: свободных ключей нет (порог 5)");
  });

  it("says how long a resolved incident lasted, and links to the page", () => {
    const text = alertText(
      "en",
      "resolved",
      {
        kind: "payment_stuck",
        detail: { provider: "stripe", orders: 3, minutes: 30 },
        openedAt,
        resolvedAt: new Date("2026-06-01T13:05:00Z"),
      },
      where,
    );
    expect(text).toEqual({
      subject: "[Botshop] Resolved: Payments stuck — Shop",
      text: "✅ Resolved: Payments stuck — Shop\nLasted 65 min.\nhttps://shop.example/settings/alerts",
    });
    expect(
      alertText(
        "en",
        "opened",
        { kind: "payment_stuck", detail: { provider: "stripe", orders: 3, minutes: 30 }, openedAt },
        where,
      ).text,
    ).toBe(
      "🔴 Payments stuck — Shop\n3 orders through stripe pending for more than 30 min\nhttps://shop.example/settings/alerts",
    );
    expect(testAlertText("ru", where).subject).toBe("[Botshop] Проверка оповещений — Shop");
  });
});
