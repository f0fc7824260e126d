import { z } from "zod";
import type { NodeCheck } from "@/lib/flow/defineNode";
import { readFieldMeta, type FieldMeta } from "@/lib/flow/fieldMeta";

/** What the inspector draws for one config field, read from its zod schema. */
export type FieldKind =
  | { kind: "string" }
  | { kind: "number"; min: number | undefined; max: number | undefined; integer: boolean }
  | { kind: "boolean" }
  | { kind: "enum"; options: string[] }
  | { kind: "object"; shape: Record<string, z.core.$ZodType> }
  | { kind: "array"; element: z.core.$ZodType }
  | { kind: "other" };

export interface FieldShape {
  field: FieldKind;
  meta: FieldMeta | undefined;
  /** Absent is a valid value (an optional media, an optional link). */
  optional: boolean;
}

/** Peels defaults, optionals and nullables off a field; the outermost metadata wins. */
export function describeField(schema: z.core.$ZodType): FieldShape {
  let current: z.core.$ZodType = schema;
  let meta = readFieldMeta(current);
  let optional = false;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodDefault) current = current.unwrap();
    else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      optional = true;
      current = current.unwrap();
    } else break;
    meta ??= readFieldMeta(current);
  }
  return { field: kindOf(current), meta, optional };
}

function kindOf(schema: z.core.$ZodType): FieldKind {
  if (schema instanceof z.ZodEnum) return { kind: "enum", options: schema.options.map(String) };
  if (schema instanceof z.ZodNumber) {
    return {
      kind: "number",
      min: bound(schema.minValue),
      max: bound(schema.maxValue),
      integer: schema.isInt,
    };
  }
  if (schema instanceof z.ZodObject) return { kind: "object", shape: schema.shape };
  if (schema instanceof z.ZodArray) return { kind: "array", element: schema.element };
  switch (schema._zod.def.type) {
    case "string":
      return { kind: "string" };
    case "boolean":
      return { kind: "boolean" };
    default:
      return { kind: "other" };
  }
}

/** A bound the user should hear about; z.int()'s own safe-integer range is not one. */
function bound(value: number | null): number | undefined {
  return value !== null && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;
}

/**
 * Whether a field must be filled in: the schema refuses it empty, or the node's publish checks
 * report an error at its path once it is emptied in the current config (missing value, empty
 * message text) — so a field required only in some modes (a fixed product) is marked only then.
 */
export function isRequired(
  shape: FieldShape,
  schema: z.core.$ZodType,
  path: readonly (string | number)[],
  config: unknown,
  check: ((config: unknown) => readonly Pick<NodeCheck, "severity" | "path">[]) | undefined,
): boolean {
  if (shape.optional) return false;
  const { kind } = shape.field;
  if (kind !== "string" && kind !== "array" && kind !== "number") return false;
  const empty = kind === "string" ? "" : kind === "array" ? [] : undefined;
  if (!z.safeParse(schema, empty).success) return true;
  if (!check || kind === "number") return false;
  const key = path.join(".");
  return check(setIn(config, path, empty)).some(
    (c) => c.severity === "error" && c.path.join(".") === key,
  );
}

/** A fresh value for a new list row or an added optional object: the schema's defaults. */
export function freshValue(schema: z.core.$ZodType): unknown {
  const parsed = z.safeParse(schema, {});
  if (parsed.success) return parsed.data;
  const { field } = describeField(schema);
  if (field.kind !== "object") return field.kind === "string" ? "" : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(field.shape)) {
    const value = z.safeParse(child, undefined);
    if (value.success && value.data !== undefined) out[key] = value.data;
  }
  return out;
}

/** Immutable set at a path of objects and arrays; `undefined` removes an object key. */
export function setIn(
  target: unknown,
  path: readonly (string | number)[],
  value: unknown,
): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(target) && typeof head === "number") {
    const copy = [...target];
    copy[head] = setIn(copy[head], rest, value);
    return copy;
  }
  const base =
    typeof target === "object" && target !== null && !Array.isArray(target) ? target : {};
  const next: Record<string, unknown> = { ...base };
  const child = setIn(next[String(head)], rest, value);
  if (child === undefined) delete next[String(head)];
  else next[String(head)] = child;
  return next;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
