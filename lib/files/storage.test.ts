import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { startFakeS3, type FakeS3 } from "@/test/fakes/s3";
import { localStorage } from "./local-storage";
import { s3Storage } from "./s3-storage";
import type { Storage } from "./storage";

const workspaceId = crypto.randomUUID();
const MB = 1024 * 1024;

const sha256 = (data: Buffer) => crypto.createHash("sha256").update(data).digest("hex");

/** A body delivered in small chunks, as a request body arrives. */
function chunked(data: Buffer, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.length) return controller.close();
      controller.enqueue(new Uint8Array(data.subarray(offset, offset + chunk)));
      offset += chunk;
    },
  });
}

/** A body whose sender goes away after `bytes`. */
function brokenAfter(bytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return this.destroy(new Error("client went away"));
      sent += 16 * 1024;
      this.push(crypto.randomBytes(16 * 1024));
    },
  });
}

const put = (storage: Storage, body: ReadableStream<Uint8Array> | Readable, maxBytes = 10 * MB) =>
  storage.put(body, {
    workspaceId,
    name: "../../etc/passwd",
    contentType: "application/pdf",
    maxBytes,
  });

async function readAll(
  storage: Storage,
  ref: Parameters<Storage["open"]>[0],
  range?: { start: number; end: number },
) {
  const opened = await storage.open(ref, range);
  const chunks: Buffer[] = [];
  for await (const c of opened.stream) chunks.push(Buffer.from(c as Uint8Array));
  return { data: Buffer.concat(chunks), size: opened.size };
}

interface Harness {
  storage: () => Storage;
  /** Everything the storage holds (keys), to prove a failure left nothing. */
  leftovers: () => string[];
}

function localHarness(): Harness {
  let dir = "";
  let storage: Storage;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-files-"));
    storage = localStorage(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    storage: () => storage,
    leftovers: () =>
      fs.existsSync(path.join(dir, "files"))
        ? (fs.readdirSync(path.join(dir, "files"), { recursive: true }) as string[]).filter((p) =>
            fs.statSync(path.join(dir, "files", p)).isFile(),
          )
        : [],
  };
}

function s3Harness(): Harness & { fake: () => FakeS3 } {
  let fake: FakeS3;
  let storage: Storage;
  beforeAll(async () => {
    fake = await startFakeS3();
    storage = s3Storage({
      S3_BUCKET: fake.bucket,
      S3_ENDPOINT: fake.endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: fake.accessKeyId,
      S3_SECRET_ACCESS_KEY: fake.secretAccessKey,
      S3_FORCE_PATH_STYLE: true,
    });
  });
  afterAll(() => fake.close());
  return {
    storage: () => storage,
    fake: () => fake,
    leftovers: () => [
      ...fake.objects().keys(),
      ...Array.from({ length: fake.openUploads() }, () => "(open multipart upload)"),
    ],
  };
}

describe.each([
  ["local", localHarness],
  ["s3", s3Harness],
] as const)("%s storage", (kind, harness) => {
  const h = harness();

  it("stores a streamed body under <workspace>/<uuid>, hashing it on the way", async () => {
    const data = crypto.randomBytes(300 * 1024 + 7);
    const stored = await put(h.storage(), chunked(data));
    expect(stored).toEqual({
      storage: kind,
      storageKey: expect.stringMatching(new RegExp(`^${workspaceId}/[0-9a-f-]{36}$`)),
      size: data.length,
      sha256: sha256(data),
    });
    expect(h.leftovers()).toHaveLength(1);
    const back = await readAll(h.storage(), stored);
    expect(back.size).toBe(data.length);
    expect(back.data.equals(data)).toBe(true);
    const part = await readAll(h.storage(), stored, { start: 10, end: 19 });
    expect(part).toEqual({ data: data.subarray(10, 20), size: 10 });
    await expect(h.storage().open(stored, { start: 0, end: data.length })).rejects.toThrow(
      RangeError,
    );

    await h.storage().remove(stored);
    expect(h.leftovers()).toEqual([]);
    await h.storage().remove(stored);
    await expect(h.storage().open(stored)).rejects.toThrow();
  });

  it("refuses a body over the limit with 413 and keeps nothing", async () => {
    const err = await put(h.storage(), chunked(crypto.randomBytes(MB + 1)), MB).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(413);
    expect((err as ApiError).message).toMatch(/larger than the upload limit of 1 MB/);
    expect(h.leftovers()).toEqual([]);
  });

  it("keeps nothing when the sender goes away half-way", async () => {
    await expect(put(h.storage(), brokenAfter(200 * 1024))).rejects.toThrow(/client went away/);
    expect(h.leftovers()).toEqual([]);
  });

  it("stores an empty body as an empty file", async () => {
    const stored = await put(h.storage(), Readable.from([]));
    expect(stored.size).toBe(0);
    expect(stored.sha256).toBe(sha256(Buffer.alloc(0)));
    await h.storage().remove(stored);
  });

  it("refuses keys it did not write (no path tricks from a row)", async () => {
    for (const storageKey of ["../x", `${workspaceId}/../../etc/passwd`, "a/b", `${workspaceId}`]) {
      await expect(h.storage().open({ storage: kind, storageKey, size: 1 })).rejects.toThrow(
        /Not a storage key/,
      );
    }
  });
});

describe("s3 storage, beyond the common contract", () => {
  const h = s3Harness();

  it("streams a large body as a multipart upload and reassembles it", async () => {
    const data = crypto.randomBytes(11 * MB + 5);
    const stored = await put(h.storage(), chunked(data, 256 * 1024), 20 * MB);
    expect(stored.sha256).toBe(sha256(data));
    const ops = h.fake().calls.map((c) => c.operation);
    expect(ops.filter((o) => o === "UploadPart")).toHaveLength(3);
    expect(ops).toContain("CompleteMultipartUpload");
    expect(h.fake().objects().get(stored.storageKey)?.data.equals(data)).toBe(true);
    expect(h.fake().objects().get(stored.storageKey)?.contentType).toBe("application/pdf");
    await h.storage().remove(stored);
  });

  it("aborts the multipart upload when the body passes the limit part-way", async () => {
    const err = await put(h.storage(), chunked(crypto.randomBytes(13 * MB), 256 * 1024), 11 * MB)
      .then(() => null)
      .catch((e: unknown) => e);
    expect((err as ApiError).status).toBe(413);
    expect(h.leftovers()).toEqual([]);
    expect(h.fake().calls.map((c) => c.operation)).toContain("AbortMultipartUpload");
  });

  it("aborts when the store refuses a part", async () => {
    h.fake().failNext("UploadPart", 5);
    await expect(put(h.storage(), chunked(crypto.randomBytes(6 * MB)), 20 * MB)).rejects.toThrow();
    expect(h.leftovers()).toEqual([]);
  });

  it("signs a download URL that names the file and stops working after it expires", async () => {
    const data = Buffer.from("%PDF-1.7 a small book");
    const stored = await put(h.storage(), chunked(data));
    const url = await h.storage().presignedUrl!(stored, 60, "Книга «Боты».pdf");
    expect(url).toContain(`/${h.fake().bucket}/${stored.storageKey}?`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(data.toString());
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="_____ ______.pdf"; filename*=UTF-8''${encodeURIComponent("Книга «Боты».pdf")}`,
    );

    const stale = new URL(url);
    stale.searchParams.set("X-Amz-Date", "20200101T000000Z");
    const expired = await fetch(stale);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("Request has expired");
    await h.storage().remove(stored);
  });

  it("sends the configured access key, and fails clearly with a wrong one", async () => {
    const credentials = h
      .fake()
      .calls.map(
        (c) =>
          /Credential=([^/]+)/.exec(String(c.headers.authorization))?.[1] ??
          c.query["X-Amz-Credential"]?.split("/")[0],
      );
    expect(new Set(credentials)).toEqual(new Set([h.fake().accessKeyId]));
    const wrong = s3Storage({
      S3_BUCKET: h.fake().bucket,
      S3_ENDPOINT: h.fake().endpoint,
      S3_ACCESS_KEY_ID: "AKIAWRONGWRONGWRONG0",
      S3_SECRET_ACCESS_KEY: "nope",
      S3_FORCE_PATH_STYLE: true,
    });
    await expect(put(wrong, chunked(Buffer.from("x")))).rejects.toThrow(/Access Key Id/);
  });
});
