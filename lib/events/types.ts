import { z } from "zod";
import type { EventFieldSpec } from "@/lib/db/schema";

/**
 * Event types a workspace declares (payout.credited {amount, currency, method, time}) and the
 * check of an incoming event's data against its type. Pure.
 */

export const eventTypeNameSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/,
    "Lowercase words joined by dots, e.g. payout.credited",
  )
  .max(100);

export const eventFieldSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Letters, digits and _, not starting with a digit")
    .max(64),
  type: z.enum(["string", "number", "money", "datetime", "boolean"]),
  required: z.boolean().default(true),
});

export const eventTypeInputSchema = z.strictObject({
  name: eventTypeNameSchema,
  description: z.string().max(500).default(""),
  fields: z
    .array(eventFieldSchema)
    .max(50)
    .default([])
    .refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, {
      message: "Field names must be unique",
    }),
});
export type EventTypeInput = z.infer<typeof eventTypeInputSchema>;

/** POST /api/v1/events (lib/events/ingest.ts); here so the API contract stays isomorphic. */
export const eventRequestSchema = z.strictObject({
  type: eventTypeNameSchema,
  customer: z
    .strictObject({
      externalId: z.string().trim().min(1).max(200).optional(),
      phone: z.string().trim().min(3).max(32).optional(),
    })
    .refine((c) => c.externalId !== undefined || c.phone !== undefined, {
      message: "Give the customer's externalId or phone",
    }),
  data: z.record(z.string(), z.unknown()).default({}),
  occurredAt: z.iso.datetime({ offset: true }),
  /** Test mode: only the workspace's test contacts get it. */
  test: z.boolean().default(false),
});
export type EventRequest = z.infer<typeof eventRequestSchema>;

export interface DataIssue {
  path: string;
  message: string;
}

/**
 * Checks `data` against the declared fields: each required field present, each present field of
 * its type. A money field is a decimal amount (14500, "14500.50") and needs a `currency` field
 * (ISO 4217) beside it; a datetime is ISO 8601 with a zone. Fields not declared pass through.
 */
export function checkEventData(
  fields: EventFieldSpec[],
  data: Record<string, unknown>,
): DataIssue[] {
  const issues: DataIssue[] = [];
  for (const field of fields) {
    const value = data[field.name];
    if (value === undefined || value === null || value === "") {
      if (field.required) issues.push({ path: `data.${field.name}`, message: "Required" });
      continue;
    }
    const problem = typeProblem(field.type, value);
    if (problem) issues.push({ path: `data.${field.name}`, message: problem });
    if (field.type === "money" && !/^[A-Za-z]{3}$/.test(String(data.currency ?? "")))
      issues.push({
        path: "data.currency",
        message: `A money field needs a three-letter currency code beside it`,
      });
  }
  return dedupe(issues);
}

function typeProblem(type: EventFieldSpec["type"], value: unknown): string | undefined {
  switch (type) {
    case "string":
      return typeof value === "string" ? undefined : "Expected text";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "Expected a number";
    case "money":
      return (typeof value === "number" && Number.isFinite(value)) ||
        (typeof value === "string" && /^-?\d+(\.\d{1,2})?$/.test(value.trim()))
        ? undefined
        : 'Expected a decimal amount such as 14500 or "14500.50"';
    case "datetime":
      return typeof value === "string" &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? undefined
        : "Expected an ISO 8601 date and time with a zone, e.g. 2026-11-24T09:43:00Z";
    case "boolean":
      return typeof value === "boolean" ? undefined : "Expected true or false";
  }
}

function dedupe(issues: DataIssue[]): DataIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
