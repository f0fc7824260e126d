import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { FILE_NAME_HEADER, fileNameSchema } from "@/lib/files/input";
import { idParams, timestamp } from "./common";

export const fileSchema = z
  .object({
    id: z.uuid(),
    name: z.string().describe("The name buyers see when they download it"),
    contentType: z.string(),
    size: z.number().int().describe("Bytes"),
    sha256: z.string().describe("Lowercase hex SHA-256 of the content"),
    storage: z.string().describe("Where the content is kept: `local` (DATA_DIR/files) or `s3`"),
    createdAt: timestamp,
  })
  .meta({ id: "File" });

export const listFiles = defineOperation({
  id: "listFiles",
  method: "GET",
  path: "/api/v1/files",
  tag: "Files",
  summary: "List uploaded files",
  description: "Newest first, with the server's upload limit.",
  auth: "workspace",
  permission: "workspace.read",
  response: z.object({
    data: z.array(fileSchema),
    maxUploadBytes: z.number().int().describe("The largest upload the server accepts (bytes)"),
  }),
});

export const uploadFile = defineOperation({
  id: "uploadFile",
  method: "POST",
  path: "/api/v1/files",
  tag: "Files",
  summary: "Upload a file to deliver",
  description:
    "The body is the file's bytes, streamed (no multipart): `Content-Type` is the file's type and `X-File-Name` its name, URL-encoded. Larger than the server's limit (MAX_UPLOAD_MB) is refused with 413 and nothing is kept. Example: `curl -X POST -T book.pdf -H 'Content-Type: application/pdf' -H 'X-File-Name: book.pdf' …`",
  auth: "workspace",
  permission: "workspace.manage",
  rawBody: {
    description: "The file's bytes",
    headers: z.object({ [FILE_NAME_HEADER]: fileNameSchema }),
  },
  response: z.object({ file: fileSchema }),
  status: 201,
});

export const getFile = defineOperation({
  id: "getFile",
  method: "GET",
  path: "/api/v1/files/{id}",
  tag: "Files",
  summary: "Get an uploaded file's details",
  auth: "workspace",
  permission: "workspace.read",
  params: idParams,
  response: z.object({ file: fileSchema }),
});

export const deleteFile = defineOperation({
  id: "deleteFile",
  method: "DELETE",
  path: "/api/v1/files/{id}",
  tag: "Files",
  summary: "Delete an uploaded file",
  description:
    "A file a product delivers is refused with 409 naming the products: choose another file there first.",
  auth: "workspace",
  permission: "workspace.manage",
  params: idParams,
  status: 204,
});
