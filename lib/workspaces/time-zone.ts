import { z } from "zod";

/**
 * An IANA time zone name (Europe/Moscow, America/New_York, UTC): what the runtime formats
 * dates and times in for the workspace (docs/1c-integration.md). Isomorphic.
 */
export function isTimeZone(value: string): boolean {
  // Intl also takes offsets ("+03:00"); a zone name keeps daylight saving right, so ask for one.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine(isTimeZone, "An IANA time zone, e.g. Europe/Moscow");

/** Every zone the runtime knows, for the picker; UTC first. */
export function timeZoneNames(): string[] {
  const all =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...all.filter((z) => z !== "UTC")];
}
