import { z } from "zod";

/**
 * What an upload says about itself, in request headers (the body is the file's bytes).
 * Isomorphic: the file drop zone sends exactly what these accept.
 */

/** The header that carries the file's name, URL-encoded so any script survives HTTP. */
export const FILE_NAME_HEADER = "x-file-name";

// Control characters would corrupt headers and logs; slashes would read as a path to a buyer.
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\]/;

export const fileNameSchema = z
  .string({ error: "Send the file's name in the X-File-Name header (URL-encoded)" })
  .transform((raw, ctx) => {
    try {
      return decodeURIComponent(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: "Must be URL-encoded (encodeURIComponent)" });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .string()
      .trim()
      .min(1, "The file needs a name")
      .max(255, "At most 255 characters")
      .refine((n) => !UNSAFE_NAME.test(n), "No slashes or control characters")
      .refine((n) => n !== "." && n !== "..", "Not a file name"),
  )
  .describe("The file's name as buyers will see it, URL-encoded (encodeURIComponent)");

/** `type/subtype` with optional parameters, as in RFC 9110; a form or multipart body is not a file. */
export const contentTypeSchema = z
  .string({ error: "Send the file's type as Content-Type (application/octet-stream if unknown)" })
  .trim()
  .toLowerCase()
  .max(255, "At most 255 characters")
  .regex(
    /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"]*"|[^;"\s]+))*$/,
    "Not a media type (type/subtype)",
  )
  .refine(
    (t) => !t.startsWith("multipart/") && !t.startsWith("application/x-www-form-urlencoded"),
    "Send the file's bytes as the body, not a form",
  );

export const uploadHeaders = z.object({
  [FILE_NAME_HEADER]: fileNameSchema,
  "content-type": contentTypeSchema,
});

export type UploadHeaders = z.output<typeof uploadHeaders>;
