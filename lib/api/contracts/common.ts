import { z } from "zod";

export const idParams = z.object({ id: z.uuid() });
export const timestamp = z.iso.datetime({ offset: true });
export const roleSchema = z.enum(["owner", "admin", "agent"]);

/** Dates leave the API as ISO-8601 strings. */
export function iso(d: Date): string;
export function iso(d: Date | null): string | null;
export function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}
