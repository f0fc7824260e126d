import { describe, expect, it } from "vitest";
import { currencyCodes, decimalToMinor, formatMoney, minorToDecimal } from "./currency";

describe("minor units", () => {
  it.each([
    [12345, "RUB", "123.45"],
    [5, "USD", "0.05"],
    [0, "EUR", "0.00"],
    [-150, "RUB", "-1.50"],
    [500, "JPY", "500"],
    [1234, "KWD", "1.234"],
    [150, "XTR", "150"],
  ] as const)("%i %s is %s and back", (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
    expect(decimalToMinor(decimal, currency)).toBe(minor);
  });

  it("reads a decimal with fewer digits than the currency has", () => {
    expect(decimalToMinor("10", "RUB")).toBe(1000);
    expect(decimalToMinor("10.5", "RUB")).toBe(1050);
    expect(decimalToMinor("10.500", "RUB")).toBe(1050);
  });

  it("refuses fractions the currency cannot hold, and non-numbers", () => {
    expect(() => decimalToMinor("10.005", "RUB")).toThrow(/more than 2 decimals/);
    expect(() => decimalToMinor("1.5", "XTR")).toThrow(/more than 0 decimals/);
    expect(() => decimalToMinor("1e3", "USD")).toThrow(/Not a decimal/);
    expect(() => minorToDecimal(1.5, "USD")).toThrow(/Not an integer/);
  });

  it("stays exact where floating point would not", () => {
    expect(decimalToMinor("0.29", "USD")).toBe(29); // 0.29 * 100 is 28.999999999999996
    expect(minorToDecimal(Number.MAX_SAFE_INTEGER, "RUB")).toBe("90071992547409.91");
  });
});

const spaced = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatMoney", () => {
  it("formats per locale with the currency's own digits", () => {
    // Russian groups digits with a no-break space, narrow or not depending on the ICU version.
    expect(spaced(formatMoney(123450, "RUB", "ru"))).toBe("1 234,50 ₽");
    expect(formatMoney(1234, "USD", "en")).toBe("$12.34");
    expect(formatMoney(500, "JPY", "en")).toBe("¥500");
  });

  it("shows Stars, which Intl does not know", () => {
    expect(formatMoney(1500, "XTR", "en")).toBe("⭐ 1,500");
    expect(spaced(formatMoney(1500, "XTR", "ru"))).toBe("⭐ 1 500");
  });

  it("knows every listed currency to Intl (except XTR)", () => {
    for (const code of currencyCodes) expect(() => formatMoney(100, code, "en")).not.toThrow();
  });
});
