import { describe, expect, it } from "vitest";
import { normalizePhone } from "./phone";

describe("normalizePhone", () => {
  it.each([
    ["+7 (912) 345-67-89", "+79123456789"],
    ["79123456789", "+79123456789"],
    ["89123456789", "+79123456789"],
    ["9123456789", "+79123456789"],
    ["0079123456789", "+79123456789"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+1-202-555-0143", "+12025550143"],
  ])("%s → %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(["", "12345", "call me", "+0123456789", "1234567890123456"])(
    "%j is not a phone",
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );
});
