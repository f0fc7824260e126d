import { z } from "zod";
import { errorBodySchema } from "./errors";
import type { Operation } from "./operation";

type JsonSchema = Record<string, unknown>;

/**
 * Builds the OpenAPI 3.1 document from the operation contracts: the same zod schemas that parse
 * requests and shape responses, converted with zod's own JSON Schema (2020-12) output.
 */
export function buildOpenApiDocument(
  operations: Operation[],
  opts: { serverUrl: string; version: string },
) {
  const components: Record<string, JsonSchema> = {};

  const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
    const json = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
      reused: "inline",
      override: () => {},
    }) as JsonSchema & { $defs?: Record<string, JsonSchema>; $schema?: string };
    const { $schema: _ignored, $defs, ...rest } = json;
    for (const [name, def] of Object.entries($defs ?? {})) components[name] = def;
    return rewriteRefs(rest);
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations.filter((o) => !o.internal)) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", op.params],
      ["query", op.query],
      ["header", op.rawBody?.headers],
    ] as const) {
      if (!schema) continue;
      const obj = toSchema(schema, "input") as {
        properties?: Record<string, JsonSchema>;
        required?: string[];
      };
      for (const [name, prop] of Object.entries(obj.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === "path" || (obj.required ?? []).includes(name),
          schema: prop,
          ...(typeof prop.description === "string" ? { description: prop.description } : {}),
        });
      }
    }
    const status = String(op.status ?? 200);
    const success =
      status === "204"
        ? { description: "No content" }
        : {
            description: "Success",
            content: op.produces
              ? { [op.produces]: { schema: { type: "string" } } }
              : {
                  "application/json": {
                    schema: op.response ? toSchema(op.response, "output") : {},
                  },
                },
          };
    const errorRef = { $ref: "#/components/schemas/Error" };
    const errors: Record<string, unknown> = {};
    const errorStatuses = ["400", "422", "500"];
    if (op.auth !== "public") errorStatuses.push("401");
    if (op.auth === "workspace") errorStatuses.push("403", "404");
    if (op.params) errorStatuses.push("404");
    if (op.rawBody) errorStatuses.push("413", "415");
    for (const s of [...new Set(errorStatuses)].sort()) {
      errors[s] = {
        description: errorDescriptions[s] ?? "Error",
        content: { "application/json": { schema: errorRef } },
      };
    }
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: op.id,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      ...(op.auth === "public" ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.rawBody
        ? {
            requestBody: {
              required: true,
              description: op.rawBody.description,
              content: { "*/*": { schema: { type: "string", format: "binary" } } },
            },
          }
        : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: toSchema(op.body, "input") },
                ...(op.csvBody
                  ? {
                      "text/csv": {
                        schema: { type: "string", description: op.csvBody.description },
                      },
                    }
                  : {}),
              },
            },
          }
        : {}),
      responses: { [status]: success, ...errors },
    };
  }
  components.Error = toSchema(errorBodySchema, "output");

  return {
    openapi: "3.1.0",
    info: {
      title: "Botshop API",
      version: opts.version,
      description:
        "Manage a Botshop workspace programmatically. Authenticate with an API key created in Settings → API keys: `Authorization: Bearer bs_…`. Errors share one shape: `{ error: { code, message, details? } }`.",
    },
    servers: [{ url: opts.serverUrl }],
    security: [{ apiKey: [] }],
    tags: [...new Set(operations.filter((o) => !o.internal).map((o) => o.tag))].map((name) => ({
      name,
    })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A workspace API key (bs_…)" },
      },
    },
  };
}

const errorDescriptions: Record<string, string> = {
  "400": "Malformed request (for example invalid JSON)",
  "401": "Missing or invalid credentials",
  "403": "The caller's role does not allow this",
  "404": "Not found in this workspace",
  "413": "The body is larger than the limit",
  "415": "The body's Content-Type is not accepted here",
  "422": "Validation failed; details name the fields",
  "500": "Unexpected error; nothing was changed",
};

/** zod emits `#/$defs/Name`; in OpenAPI shared schemas live under components. */
function rewriteRefs(value: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as JsonSchema;
}
