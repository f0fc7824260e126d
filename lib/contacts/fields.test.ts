import { describe, expect, it } from "vitest";
import { checkFieldValue, isTimeZone } from "./fields";
import { importRowsFromCsv } from "./import-input";

describe("checkFieldValue", () => {
  it.each([
    ["number", " 42 ", "42"],
    ["number", "2,50", "2.5"],
    ["number", "-3.25", "-3.25"],
    ["date", "1990-05-17", "1990-05-17"],
    ["boolean", "false", "false"],
    ["text", " Kazan ", "Kazan"],
  ] as const)("%s %j → %j", (type, raw, value) => {
    expect(checkFieldValue(type, raw)).toEqual({ ok: true, value });
  });

  it.each([
    ["number", "12 apples"],
    ["number", "1e3"],
    ["date", "2026-02-30"],
    ["date", "17.05.1990"],
    ["boolean", "yes"],
    ["text", "x".repeat(501)],
  ] as const)("%s %j is refused", (type, raw) => {
    expect(checkFieldValue(type, raw).ok).toBe(false);
  });

  it("knows IANA zones", () => {
    expect(isTimeZone("Europe/Moscow")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("importRowsFromCsv", () => {
  it("reads an edited export: aliases, read-only columns, custom fields, quoted formulas", () => {
    const csv =
      "\uFEFFid,Telegram ID,first_name,phone,tags,city\r\n" +
      'a,,Anna,\'+7 912 000-00-01,"vip; lead",Kazan\r\n' +
      ",42,,,,\r\n" +
      ",,,,,\r\n";
    expect(importRowsFromCsv(csv)).toEqual({
      rows: [
        {
          line: 2,
          id: "a",
          phone: "+7 912 000-00-01",
          tags: "vip; lead",
          fields: { city: "Kazan" },
        },
        { line: 3, telegramId: "42" },
      ],
    });
  });
});
