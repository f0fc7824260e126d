import "server-only";
import { pipeline, Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { AppConfig } from "@/lib/config/env";
import { contentDisposition } from "./content-disposition";
import {
  assertStorageKey,
  checkRange,
  MeteredStream,
  newStorageKey,
  toNodeStream,
  type Storage,
} from "./storage";

const MIN_PART_BYTES = 5 * 1024 * 1024;
/** S3 allows 10,000 parts; keep a margin so the largest allowed upload always fits. */
const MAX_PARTS = 9_000;
/** Presigned URLs are valid for at most 7 days (SigV4's limit). */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

type S3Settings = Pick<
  AppConfig,
  | "S3_BUCKET"
  | "S3_ENDPOINT"
  | "S3_REGION"
  | "S3_ACCESS_KEY_ID"
  | "S3_SECRET_ACCESS_KEY"
  | "S3_FORCE_PATH_STYLE"
>;

/**
 * Files in an S3-compatible bucket under the key `<workspaceId>/<uuid>`. Uploads stream through
 * lib-storage's `Upload`: one PutObject for a body under one part, a multipart upload above
 * that (aborted on failure, so nothing is left in the bucket), buffering at most
 * queueSize × partSize bytes.
 */
export function s3Storage(settings: S3Settings): Storage {
  const bucket = settings.S3_BUCKET;
  if (!bucket) throw new Error("s3Storage: S3_BUCKET is not set");
  const client = new S3Client({
    region: settings.S3_REGION ?? "us-east-1",
    endpoint: settings.S3_ENDPOINT,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE ?? false,
    credentials:
      settings.S3_ACCESS_KEY_ID && settings.S3_SECRET_ACCESS_KEY
        ? {
            accessKeyId: settings.S3_ACCESS_KEY_ID,
            secretAccessKey: settings.S3_SECRET_ACCESS_KEY,
          }
        : undefined,
    // The SDK's default CRC32 checksums (aws-chunked bodies with trailers) are refused by
    // several S3-compatible stores; send and check them only where S3 requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });

  return {
    kind: "s3",

    async put(body, opts) {
      const storageKey = newStorageKey(opts.workspaceId);
      const meter = new MeteredStream(opts.maxBytes);
      // Errors travel both ways: a client that goes away fails the upload, and a body over
      // the limit stops reading from the client.
      const metered = pipeline(toNodeStream(body), meter, () => {});
      const upload = new Upload({
        client,
        params: {
          Bucket: bucket,
          Key: storageKey,
          Body: metered,
          ContentType: opts.contentType,
        },
        partSize: Math.max(MIN_PART_BYTES, Math.ceil(opts.maxBytes / MAX_PARTS)),
        queueSize: 4,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (err) {
        // A failure after the last part (CompleteMultipartUpload refused) can leave the
        // object; removing a key that does not exist is harmless.
        await client
          .send(new DeleteObjectCommand({ Bucket: bucket, Key: storageKey }))
          .catch(() => {});
        // The meter's own error (413) is the reason; lib-storage may wrap or replace it.
        throw meter.errored ?? err;
      }
      return { storage: "s3", storageKey, size: meter.bytes, sha256: meter.digest() };
    },

    async open(file, range) {
      checkRange(file, range);
      assertStorageKey(file.storageKey);
      const res = await client
        .send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: file.storageKey,
            Range: range ? `bytes=${range.start}-${range.end}` : undefined,
          }),
        )
        .catch((err: unknown) => {
          if (err instanceof NoSuchKey) {
            throw new Error(`The stored file ${file.storageKey} is missing from the bucket`, {
              cause: err,
            });
          }
          throw err;
        });
      if (!(res.Body instanceof Readable)) {
        throw new Error("S3 GetObject returned no Node stream");
      }
      return {
        stream: res.Body,
        size: res.ContentLength ?? (range ? range.end - range.start + 1 : file.size),
      };
    },

    async presignedUrl(file, seconds, downloadName) {
      assertStorageKey(file.storageKey);
      const expiresIn = Math.min(Math.max(1, Math.floor(seconds)), MAX_PRESIGN_SECONDS);
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: file.storageKey,
          ResponseContentDisposition: contentDisposition(downloadName),
        }),
        { expiresIn },
      );
    },

    async remove(file) {
      assertStorageKey(file.storageKey);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: file.storageKey }));
    },
  };
}
