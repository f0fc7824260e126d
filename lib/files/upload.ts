import "server-only";
import { ApiError } from "@/lib/api/errors";
import { parseInput } from "@/lib/api/body";
import { z } from "zod";
import { contentTypeSchema, FILE_NAME_HEADER, fileNameSchema } from "./input";
import { tooLarge } from "./storage";

const nameHeader = z.object({ [FILE_NAME_HEADER]: fileNameSchema });

/**
 * Checks an upload's headers before a byte of the body is read: the type (415), the name
 * (422, naming the header), and a declared length over the limit or of zero.
 */
export function parseUploadRequest(
  req: Request,
  maxBytes: number,
): { name: string; contentType: string; body: ReadableStream<Uint8Array> } {
  const type = contentTypeSchema.safeParse(req.headers.get("content-type") ?? undefined);
  if (!type.success) {
    throw new ApiError("unsupported_media_type", type.error.issues[0]?.message ?? "Bad type");
  }
  const { [FILE_NAME_HEADER]: name } = parseInput(
    nameHeader,
    { [FILE_NAME_HEADER]: req.headers.get(FILE_NAME_HEADER) ?? undefined },
    "The request headers are not valid",
  );
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (declared === 0 || !req.body) throw new ApiError("unprocessable_entity", "The file is empty");
  return { name, contentType: type.data, body: req.body };
}
