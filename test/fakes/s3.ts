import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A fake S3-compatible object store for tests, path-style only (`http://127.0.0.1:port/bucket/key`).
 * It speaks the wire format @aws-sdk/client-s3 and lib-storage use for PutObject, GetObject
 * (with Range and presigned `response-content-disposition`), DeleteObject and multipart uploads
 * (Create, UploadPart, Complete, Abort), errors as S3's XML `<Error><Code>…`.
 *
 * Authentication is checked only as far as naming the right access key: the SigV4 header or
 * presigned query must carry `Credential=<accessKeyId>/…`, and a presigned URL past its
 * X-Amz-Expires is refused. Signatures themselves are NOT verified.
 */

export interface FakeS3Object {
  data: Buffer;
  contentType?: string;
  etag: string;
}

export interface FakeS3Call {
  /** The S3 operation: PutObject, GetObject, DeleteObject, CreateMultipartUpload, … */
  operation: string;
  bucket: string;
  key: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
}

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  calls: FakeS3Call[];
  objects(): Map<string, FakeS3Object>;
  /** Multipart uploads started and neither completed nor aborted. */
  openUploads(): number;
  /** The next `times` calls of `operation` answer 500 InternalError. */
  failNext(operation: string, times?: number): void;
  close(): Promise<void>;
}

interface Pending {
  key: string;
  contentType?: string;
  parts: Map<number, FakeS3Object>;
}

function xml(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/xml", ...headers });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function s3Error(res: ServerResponse, status: number, code: string, message: string, key = "") {
  xml(
    res,
    status,
    `<Error><Code>${code}</Code><Message>${message}</Message><Key>${escapeXml(key)}</Key><RequestId>${randomBytes(8).toString("hex")}</RequestId></Error>`,
  );
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const etagOf = (data: Buffer) => `"${createHash("md5").update(data).digest("hex")}"`;

/** `x-amz-date`/`X-Amz-Date` is `20240102T030405Z`. */
function amzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

export async function startFakeS3(
  opts: { bucket?: string; accessKeyId?: string; secretAccessKey?: string } = {},
): Promise<FakeS3> {
  const bucket = opts.bucket ?? "botshop-files";
  const accessKeyId = opts.accessKeyId ?? "AKIAFAKES3TEST000001";
  const secretAccessKey = opts.secretAccessKey ?? "fake-secret-access-key-0123456789abcdef";
  const objects = new Map<string, FakeS3Object>();
  const uploads = new Map<string, Pending>();
  const failures = new Map<string, number>();
  const calls: FakeS3Call[] = [];

  const operationOf = (method: string, query: Record<string, string>): string => {
    if (method === "PUT") return "uploadId" in query ? "UploadPart" : "PutObject";
    if (method === "POST" && "uploads" in query) return "CreateMultipartUpload";
    if (method === "POST" && "uploadId" in query) return "CompleteMultipartUpload";
    if (method === "DELETE") return "uploadId" in query ? "AbortMultipartUpload" : "DeleteObject";
    if (method === "GET") return "GetObject";
    if (method === "HEAD") return "HeadObject";
    return `${method}?`;
  };

  /** A refusal, or null when the request names our access key (and, presigned, is not stale). */
  const authProblem = (
    req: IncomingMessage,
    query: Record<string, string>,
  ): [number, string, string] | null => {
    const header = req.headers.authorization ?? "";
    const credential = header.startsWith("AWS4-HMAC-SHA256 ")
      ? /Credential=([^/,\s]+)\//.exec(header)?.[1]
      : query["X-Amz-Credential"]?.split("/")[0];
    if (!credential) return [403, "AccessDenied", "Access Denied"];
    if (credential !== accessKeyId) {
      return [
        403,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
      ];
    }
    if (query["X-Amz-Expires"]) {
      const signedAt = amzDate(query["X-Amz-Date"] ?? "");
      const expires = Number(query["X-Amz-Expires"]);
      if (!Number.isFinite(signedAt) || !(expires > 0) || expires > 604800) {
        return [400, "AuthorizationQueryParametersError", "X-Amz-Expires must be 1 to 604800"];
      }
      if (Date.now() > signedAt + expires * 1000) {
        return [403, "AccessDenied", "Request has expired"];
      }
    }
    return null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake-s3");
    const query = Object.fromEntries(url.searchParams);
    const [, bucketName = "", ...keyParts] = url.pathname.split("/");
    const key = keyParts.map(decodeURIComponent).join("/");
    const method = req.method ?? "GET";
    const operation = operationOf(method, query);
    const call: FakeS3Call = {
      operation,
      bucket: decodeURIComponent(bucketName),
      key,
      status: 0,
      headers: { ...req.headers },
      query,
    };
    calls.push(call);
    const body = method === "PUT" || method === "POST" ? await readBody(req) : Buffer.alloc(0);
    const fail = (status: number, code: string, message: string) => {
      call.status = status;
      s3Error(res, status, code, message, key);
    };

    const auth = authProblem(req, query);
    if (auth) return fail(...auth);
    if (call.bucket !== bucket)
      return fail(404, "NoSuchBucket", "The specified bucket does not exist");
    if (!key)
      return fail(400, "InvalidRequest", "The fake only serves objects, not bucket operations");
    const remaining = failures.get(operation) ?? 0;
    if (remaining > 0) {
      failures.set(operation, remaining - 1);
      return fail(500, "InternalError", "We encountered an internal error. Please try again.");
    }
    if (String(req.headers["content-encoding"] ?? "").includes("aws-chunked")) {
      return fail(501, "NotImplemented", "aws-chunked bodies are not supported by this store");
    }
    const declared = req.headers["content-length"];
    if (body.length > 0 && declared !== undefined && Number(declared) !== body.length) {
      return fail(400, "IncompleteBody", "You did not provide the number of bytes specified");
    }

    switch (operation) {
      case "PutObject": {
        const object = {
          data: body,
          contentType: req.headers["content-type"],
          etag: etagOf(body),
        };
        objects.set(key, object);
        call.status = 200;
        res.writeHead(200, { etag: object.etag });
        return res.end();
      }
      case "CreateMultipartUpload": {
        const uploadId = randomBytes(16).toString("base64url");
        uploads.set(uploadId, { key, contentType: req.headers["content-type"], parts: new Map() });
        call.status = 200;
        return xml(
          res,
          200,
          `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
        );
      }
      case "UploadPart": {
        const upload = uploads.get(query.uploadId ?? "");
        if (!upload || upload.key !== key) {
          return fail(404, "NoSuchUpload", "The specified multipart upload does not exist.");
        }
        const n = Number(query.partNumber);
        if (!Number.isInteger(n) || n < 1 || n > 10_000) {
          return fail(400, "InvalidArgument", "Part number must be an integer between 1 and 10000");
        }
        const part = { data: body, etag: etagOf(body) };
        upload.parts.set(n, part);
        call.status = 200;
        res.writeHead(200, { etag: part.etag });
        return res.end();
      }
      case "CompleteMultipartUpload": {
        const uploadId = query.uploadId ?? "";
        const upload = uploads.get(uploadId);
        if (!upload || upload.key !== key) {
          return fail(404, "NoSuchUpload", "The specified multipart upload does not exist.");
        }
        const listed = [...body.toString("utf8").matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(
          (m) => ({
            n: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(m[1]!)?.[1]),
            etag: /<ETag>([^<]*)<\/ETag>/.exec(m[1]!)?.[1]?.replaceAll("&quot;", '"'),
          }),
        );
        if (listed.length === 0) return fail(400, "MalformedXML", "No parts listed");
        const chunks: Buffer[] = [];
        for (const [i, { n, etag }] of listed.entries()) {
          const part = upload.parts.get(n);
          if (!part || part.etag !== etag) {
            return fail(
              400,
              "InvalidPart",
              "One or more of the specified parts could not be found.",
            );
          }
          if (i > 0 && listed[i - 1]!.n >= n) {
            return fail(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
          }
          if (i < listed.length - 1 && part.data.length < 5 * 1024 * 1024) {
            return fail(
              400,
              "EntityTooSmall",
              "Your proposed upload is smaller than the minimum allowed size",
            );
          }
          chunks.push(part.data);
        }
        const data = Buffer.concat(chunks);
        const etag = `"${createHash("md5").update(data).digest("hex")}-${listed.length}"`;
        objects.set(key, { data, contentType: upload.contentType, etag });
        uploads.delete(uploadId);
        call.status = 200;
        return xml(
          res,
          200,
          `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag></CompleteMultipartUploadResult>`,
        );
      }
      case "AbortMultipartUpload": {
        if (!uploads.delete(query.uploadId ?? "")) {
          return fail(404, "NoSuchUpload", "The specified multipart upload does not exist.");
        }
        call.status = 204;
        res.writeHead(204);
        return res.end();
      }
      case "DeleteObject": {
        objects.delete(key);
        call.status = 204;
        res.writeHead(204);
        return res.end();
      }
      case "GetObject":
      case "HeadObject": {
        const object = objects.get(key);
        if (!object) return fail(404, "NoSuchKey", "The specified key does not exist.");
        const size = object.data.length;
        let start = 0;
        let end = size - 1;
        let status = 200;
        const range = req.headers.range;
        if (range) {
          const m = /^bytes=(\d+)-(\d*)$/.exec(range);
          if (!m || Number(m[1]) >= size) {
            return fail(416, "InvalidRange", "The requested range is not satisfiable");
          }
          start = Number(m[1]);
          end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
          status = 206;
        }
        const headers: Record<string, string> = {
          "content-type":
            query["response-content-type"] ?? object.contentType ?? "application/octet-stream",
          "content-length": String(end - start + 1),
          etag: object.etag,
          "accept-ranges": "bytes",
        };
        if (status === 206) headers["content-range"] = `bytes ${start}-${end}/${size}`;
        if (query["response-content-disposition"]) {
          headers["content-disposition"] = query["response-content-disposition"];
        }
        call.status = status;
        res.writeHead(status, headers);
        return res.end(
          operation === "HeadObject" ? undefined : object.data.subarray(start, end + 1),
        );
      }
      default:
        return fail(
          405,
          "MethodNotAllowed",
          "The specified method is not allowed against this resource.",
        );
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) s3Error(res, 500, "InternalError", String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake S3: no TCP port");

  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    calls,
    objects: () => objects,
    openUploads: () => uploads.size,
    failNext: (operation, times = 1) =>
      failures.set(operation, (failures.get(operation) ?? 0) + times),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
