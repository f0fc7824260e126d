import { z } from "zod";
import {
  currentFlowVersion,
  flowMigrations,
  migrateFlowDocument,
  type FlowMigrations,
} from "./migrations";

/** Node, edge and handle ids: any non-empty string (React Flow's ids). */
const id = z.string().min(1).max(128);

/** Variable names are identifiers so `{{name}}` templates and conditions can refer to them. */
export const variableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    "Must be an identifier: letters, digits and _, not starting with a digit",
  )
  .max(64);

export const flowVariableTypes = ["string", "number", "boolean", "date"] as const;

export const flowNodeSchema = z.object({
  id,
  // Any string here: an unknown type is a validation problem (validateFlow), not a parse
  // failure, so a draft written by a newer palette still opens and says what is wrong.
  type: z.string().min(1),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  // Checked against the node type's own schema by validateFlow; a draft may be half-filled.
  config: z.record(z.string(), z.unknown()).default({}),
});

export const flowEdgeSchema = z.object({
  id,
  source: id,
  /** The outcome of the source node this edge leaves from (`next`, `paid`, a button id…). */
  sourceHandle: id,
  target: id,
});

export const flowVariableSchema = z.object({
  name: variableName,
  type: z.enum(flowVariableTypes),
});

/** The flow document: React Flow's own shape plus a format version and declared variables. */
export const flowDocumentSchema = z
  .object({
    version: z.literal(currentFlowVersion),
    nodes: z.array(flowNodeSchema),
    edges: z.array(flowEdgeSchema),
    variables: z.array(flowVariableSchema).default([]),
  })
  .superRefine((doc, ctx) => {
    // Ids are how edges, sessions and published versions refer to nodes: they must be unique.
    reportDuplicates(doc.nodes, (n) => n.id, "nodes", "id", "node id", ctx);
    reportDuplicates(doc.edges, (e) => e.id, "edges", "id", "edge id", ctx);
    reportDuplicates(doc.variables, (v) => v.name, "variables", "name", "variable name", ctx);
  });

export type FlowDocument = z.infer<typeof flowDocumentSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowVariable = z.infer<typeof flowVariableSchema>;

function reportDuplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  list: string,
  field: string,
  what: string,
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = key(item);
    if (seen.has(value)) {
      ctx.addIssue({
        code: "custom",
        path: [list, index, field],
        message: `Duplicate ${what} "${value}"`,
      });
    }
    seen.add(value);
  });
}

export interface FlowParseError {
  /** Where in the document, e.g. `["nodes", 2, "position", "x"]`; empty for the whole document. */
  path: (string | number)[];
  message: string;
}

export type FlowParseResult =
  { ok: true; document: FlowDocument } | { ok: false; errors: FlowParseError[] };

/**
 * Reads a stored or submitted flow document: migrates older format versions to the current
 * one, then checks the structure. Node configs are checked later by validateFlow.
 */
export function parseFlowDocument(
  input: unknown,
  migrations: FlowMigrations = flowMigrations,
): FlowParseResult {
  const migrated = migrateFlowDocument(input, migrations);
  if (!migrated.ok)
    return { ok: false, errors: [{ path: migrated.path, message: migrated.message }] };
  const parsed = flowDocumentSchema.safeParse(migrated.document);
  if (parsed.success) return { ok: true, document: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      path: issue.path.map((part) => (typeof part === "number" ? part : String(part))),
      message: issue.message,
    })),
  };
}

/** The document's JSON Schema, for integrators (served later at /api/v1/flow-schema.json). */
export function flowDocumentJsonSchema() {
  return z.toJSONSchema(flowDocumentSchema, { io: "input" });
}
