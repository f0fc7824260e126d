import "server-only";
import type { z } from "zod";
import { ApiError, issuesOf } from "./errors";

/** Every JSON body is capped; webhooks set their own limits. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Reads at most `limit` bytes, refusing early on Content-Length and again while streaming. */
export async function readBodyText(req: Request, limit = MAX_JSON_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw new ApiError("payload_too_large", `The body is larger than ${limit} bytes`);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError("payload_too_large", `The body is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  /** The operation also takes CSV (text/csv), turned into the body object by this. */
  csv?: (text: string) => unknown,
): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (csv && /^text\/csv\b/i.test(type)) {
    return parseInput(schema, csv(await readBodyText(req)), "The CSV body is not valid");
  }
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(
      "unsupported_media_type",
      csv
        ? "Send the body as JSON (Content-Type: application/json) or CSV (Content-Type: text/csv)"
        : "Send the body as JSON (Content-Type: application/json)",
    );
  }
  const text = await readBodyText(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError("bad_request", `Malformed JSON: ${(err as Error).message}`);
  }
  return parseInput(schema, value, "The request body is not valid");
}

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  message: string,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError("unprocessable_entity", message, { details: issuesOf(parsed.error) });
  }
  return parsed.data;
}

/** Query strings become plain objects; a repeated key becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
