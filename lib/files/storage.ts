import "server-only";
import crypto from "node:crypto";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { ApiError } from "@/lib/api/errors";
import { config, type AppConfig } from "@/lib/config/env";
import { isUuid } from "@/lib/api/caller";

export type StorageKind = "local" | "s3";

/** What a storage needs to know of a stored file (a `file_asset` row has all of it). */
export interface StoredFileRef {
  storage: string;
  storageKey: string;
  size: number;
}

export interface PutOptions {
  workspaceId: string;
  /** The owner's file name; only ever metadata, never part of a path or key. */
  name: string;
  contentType: string;
  /** Refused with 413 as soon as the stream passes this many bytes. */
  maxBytes: number;
}

export interface PutResult {
  storage: StorageKind;
  storageKey: string;
  size: number;
  /** Lowercase hex of the whole content. */
  sha256: string;
}

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface OpenedFile {
  stream: Readable;
  /** Bytes the stream yields (the range's length when a range was asked for). */
  size: number;
}

export type UploadBody = ReadableStream<Uint8Array> | Readable;

/**
 * Where delivered files live: DATA_DIR/files or an S3-compatible bucket. `put` reads the body
 * once, hashing and counting as it goes; on any failure (too large, client gone, disk full)
 * nothing is left behind. Keys are `<workspaceId>/<uuid>`, never derived from the file name.
 */
export interface Storage {
  readonly kind: StorageKind;
  put(body: UploadBody, opts: PutOptions): Promise<PutResult>;
  open(file: StoredFileRef, range?: ByteRange): Promise<OpenedFile>;
  /** S3 only: a URL that downloads the file directly from the bucket for `seconds`. */
  presignedUrl?(file: StoredFileRef, seconds: number, downloadName: string): Promise<string>;
  /** Removes the content; removing something already gone is not an error. */
  remove(file: StoredFileRef): Promise<void>;
}

export function tooLarge(maxBytes: number): ApiError {
  const mb = maxBytes / (1024 * 1024);
  return new ApiError(
    "payload_too_large",
    `The file is larger than the upload limit of ${Number.isInteger(mb) ? `${mb} MB` : `${maxBytes} bytes`} (MAX_UPLOAD_MB)`,
  );
}

/**
 * A pass-through that hashes and counts what flows through it, and fails the pipeline as soon
 * as the count passes `maxBytes` (so a 5 GB body is refused after 2 GB, not after reading it).
 */
export class MeteredStream extends Transform {
  private readonly hash = crypto.createHash("sha256");
  /** Not `size`: lib-storage reads a `size` property as the length of a Blob-like body. */
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.byteLength;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

export function toNodeStream(body: UploadBody): Readable {
  return body instanceof Readable
    ? body
    : // The DOM and Node typings of ReadableStream differ only in details Readable.fromWeb ignores.
      Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
}

/** `<workspaceId>/<uuid>`: the only shape of key this module writes or will read. */
export function newStorageKey(workspaceId: string): string {
  if (!isUuid(workspaceId)) throw new Error(`Not a workspace id: ${workspaceId}`);
  return `${workspaceId}/${crypto.randomUUID()}`;
}

export function assertStorageKey(key: string): void {
  const [workspace, file, ...rest] = key.split("/");
  if (rest.length > 0 || !workspace || !file || !isUuid(workspace) || !isUuid(file)) {
    throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
  }
}

export function checkRange(file: StoredFileRef, range: ByteRange | undefined): void {
  if (!range) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`Bad byte range ${start}-${end}`);
  }
  if (end >= file.size) throw new RangeError(`Byte range ${start}-${end} is past ${file.size}`);
}

const globalForStorage = globalThis as unknown as {
  __botshopStorage?: { config: AppConfig; local?: Storage; s3?: Storage };
};

function storages(): { config: AppConfig; local?: Storage; s3?: Storage } {
  const c = config();
  // A new configuration (tests swap it) means new clients.
  if (globalForStorage.__botshopStorage?.config !== c)
    globalForStorage.__botshopStorage = { config: c };
  return globalForStorage.__botshopStorage;
}

/** The storage that new uploads go to: S3 when S3_BUCKET is set, DATA_DIR/files otherwise. */
export async function uploadStorage(): Promise<Storage> {
  return storageFor(config().S3_BUCKET ? "s3" : "local");
}

/** The storage a stored file lives in (files uploaded before S3 was set up stay local). */
export async function storageFor(kind: string): Promise<Storage> {
  const cache = storages();
  if (kind === "local") {
    const { localStorage } = await import("./local-storage");
    return (cache.local ??= localStorage(cache.config.DATA_DIR));
  }
  if (kind === "s3") {
    if (!cache.config.S3_BUCKET) {
      throw new Error("This file is stored in S3, but S3_BUCKET is not set");
    }
    const { s3Storage } = await import("./s3-storage");
    return (cache.s3 ??= s3Storage(cache.config));
  }
  throw new Error(`Unknown file storage ${JSON.stringify(kind)}`);
}

/** Reads a stored file (or a byte range of it) from wherever it lives. */
export async function openStoredFile(file: StoredFileRef, range?: ByteRange): Promise<OpenedFile> {
  return (await storageFor(file.storage)).open(file, range);
}

/**
 * A URL that downloads the file straight from the bucket for `seconds` (at most 7 days), named
 * `downloadName`; null for local files, which the app must stream itself.
 */
export async function presignedDownloadUrl(
  file: StoredFileRef,
  seconds: number,
  downloadName: string,
): Promise<string | null> {
  const storage = await storageFor(file.storage);
  return storage.presignedUrl ? storage.presignedUrl(file, seconds, downloadName) : null;
}
