import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember, type TestMember } from "@/test/members";
import { startFakeS3, type FakeS3 } from "@/test/fakes/s3";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import { fileAssets, journal, products } from "@/lib/db/schema";
import { createProduct } from "@/lib/products/products";
import { createProductInput } from "@/lib/products/input";
import * as collection from "@/app/api/v1/files/route";
import * as item from "@/app/api/v1/files/[id]/route";
import { createFile, rememberTelegramFileId } from "./files";
import { storageFor } from "./storage";

const sha256 = (data: Uint8Array) => crypto.createHash("sha256").update(data).digest("hex");

describe("files", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let other: TestAccount;
  let agent: TestMember;
  let previous: AppConfig;
  let dataDir: string;

  beforeAll(async () => {
    previous = config();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-files-db-"));
    setConfigForTests({ ...previous, DATA_DIR: dataDir });
    owner = await createTestAccount(db(), "Owner");
    other = await createTestAccount(db(), "Other");
    agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
  });
  afterAll(() => {
    setConfigForTests(previous);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Everything a failed upload must not have touched. */
  const state = async () =>
    JSON.stringify({
      rows: await db().select().from(fileAssets).orderBy(fileAssets.id),
      journal: await db().select().from(journal).orderBy(journal.id),
      files: fs.existsSync(path.join(dataDir, "files"))
        ? (fs.readdirSync(path.join(dataDir, "files"), { recursive: true }) as string[])
            .filter((p) => fs.statSync(path.join(dataDir, "files", p)).isFile())
            .sort()
        : [],
    });

  function upload(
    body: BodyInit | null,
    headers: Record<string, string>,
    auth: Record<string, string> = owner.apiKey,
  ) {
    const req = new Request("http://localhost:3000/api/v1/files", {
      method: "POST",
      headers: { ...auth, ...headers },
      body,
      // A stream body needs this in Node's fetch; harmless for the others.
      duplex: "half",
    } as RequestInit);
    return collection.POST(req, { params: Promise.resolve({}) });
  }
  const pdf = (name = "book.pdf") => ({
    "content-type": "application/pdf",
    "x-file-name": encodeURIComponent(name),
  });
  const get = (id: string, auth = owner.apiKey) =>
    call(item.GET, `/api/v1/files/${id}`, { headers: auth, params: { id } });
  const remove = (id: string, auth = owner.session) =>
    call(item.DELETE, `/api/v1/files/${id}`, { method: "DELETE", headers: auth, params: { id } });
  const entries = (kind: string, subjectId: string) =>
    db()
      .select()
      .from(journal)
      .where(and(eq(journal.kind, kind), eq(journal.subjectId, subjectId)));

  it("stores an upload streamed as the raw body, records it and journals it", async () => {
    const data = crypto.randomBytes(256 * 1024 + 3);
    const name = "Книга о ботах (2-е изд.).pdf";
    const res = await upload(
      new ReadableStream({
        start(c) {
          c.enqueue(data.subarray(0, 1000));
          c.enqueue(data.subarray(1000));
          c.close();
        },
      }),
      pdf(name),
      owner.session,
    );
    expect(res.status).toBe(201);
    const { file } = await res.json();
    expect(file).toEqual({
      id: expect.any(String),
      name,
      contentType: "application/pdf",
      size: data.length,
      sha256: sha256(data),
      storage: "local",
      createdAt: expect.any(String),
    });
    const [row] = await db().select().from(fileAssets).where(eq(fileAssets.id, file.id));
    expect(row).toMatchObject({ workspaceId: owner.workspaceId, telegramFileIds: {} });
    expect(row!.storageKey).toMatch(new RegExp(`^${owner.workspaceId}/[0-9a-f-]{36}$`));
    const onDisk = fs.readFileSync(path.join(dataDir, "files", row!.storageKey));
    expect(onDisk.equals(data)).toBe(true);
    expect(await entries("file.uploaded", file.id)).toMatchObject([
      { actorType: "user", data: { name, size: data.length, sha256: sha256(data) } },
    ]);

    expect((await (await get(file.id)).json()).file).toEqual(file);
    expect((await get(file.id, other.apiKey)).status).toBe(404);
    expect((await get(file.id, agent.session)).status).toBe(200);
  });

  it("lists the workspace's files newest first with the upload limit", async () => {
    const second = await (await upload("second", pdf("second.txt"))).json();
    const list = await call(collection.GET, "/api/v1/files", { headers: owner.apiKey });
    const body = await list.json();
    expect(body.maxUploadBytes).toBe(2048 * 1024 * 1024);
    expect(body.data.map((f: { name: string }) => f.name)).toEqual([
      "second.txt",
      "Книга о ботах (2-е изд.).pdf",
    ]);
    expect(body.data[0]).toEqual(second.file);
    const theirs = await call(collection.GET, "/api/v1/files", { headers: other.session });
    expect((await theirs.json()).data).toEqual([]);
  });

  it("refuses bad uploads with a clear 4xx and keeps nothing", async () => {
    const before = await state();
    const cases: [string, BodyInit | null, Record<string, string>, number, RegExp][] = [
      // A string body would be labelled text/plain by Request itself; bytes carry no type.
      ["no type", new Uint8Array([1]), { "x-file-name": "a.pdf" }, 415, /Content-Type/],
      [
        "a multipart form",
        "x",
        { ...pdf(), "content-type": "multipart/form-data; boundary=x" },
        415,
        /not a form/,
      ],
      ["not a media type", "x", { ...pdf(), "content-type": "pdf" }, 415, /media type/],
      ["no name", "x", { "content-type": "application/pdf" }, 422, /headers/],
      ["an empty name", "x", pdf("   "), 422, /headers/],
      ["a path", "x", pdf("../../etc/passwd"), 422, /headers/],
      ["bad encoding", "x", { ...pdf(), "x-file-name": "%E0%A4%A" }, 422, /headers/],
      ["a long name", "x", pdf("a".repeat(256)), 422, /headers/],
      ["an empty body", "", pdf(), 422, /empty/],
      ["no body", null, pdf(), 422, /empty/],
      [
        "a declared length over the limit",
        "x",
        { ...pdf(), "content-length": String(2049 * 1024 * 1024) },
        413,
        /2048 MB/,
      ],
    ];
    for (const [label, body, headers, status, message] of cases) {
      const res = await upload(body, headers);
      const json = await res.json();
      expect(res.status, label).toBe(status);
      expect(json.error.message, label).toMatch(message);
      if (status === 422 && /headers/.test(json.error.message)) {
        expect(json.error.details.map((d: { path: string }) => d.path)).toEqual(["x-file-name"]);
      }
    }
    const asAgent = await upload("x", pdf(), agent.session);
    expect(asAgent.status).toBe(403);
    const crossSite = await upload("x", pdf(), {
      ...owner.session,
      host: "localhost:3000",
      origin: "https://evil.test",
    });
    expect(crossSite.status).toBe(403);
    expect(await state()).toBe(before);
  });

  it("stops reading a body that passes MAX_UPLOAD_MB and keeps nothing", async () => {
    const before = await state();
    setConfigForTests({ ...config(), MAX_UPLOAD_MB: 1 });
    try {
      let sent = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(c) {
          sent += 64 * 1024;
          c.enqueue(new Uint8Array(64 * 1024));
        },
      });
      const res = await upload(endless, pdf());
      expect(res.status).toBe(413);
      expect((await res.json()).error.message).toMatch(/upload limit of 1 MB/);
      // Read a little past the limit, then stopped (the stream would never end by itself).
      expect(sent).toBeLessThan(2 * 1024 * 1024);
    } finally {
      setConfigForTests({ ...config(), MAX_UPLOAD_MB: 2048 });
    }
    expect(await state()).toBe(before);
  });

  it("removes the stored content when the row cannot be written", async () => {
    const before = await state();
    await expect(
      createFile(db(), {
        workspaceId: crypto.randomUUID(), // no such workspace: the insert fails
        actor: { type: "system" },
        name: "a.pdf",
        contentType: "application/pdf",
        body: new Blob(["some bytes"]).stream(),
      }),
    ).rejects.toThrow();
    expect(await state()).toBe(before);
  });

  it("refuses to delete a file a product delivers, and deletes it once none does", async () => {
    const { file } = await (await upload("%PDF-1.4", pdf("guide.pdf"))).json();
    const product = await createProduct(db(), {
      workspaceId: owner.workspaceId,
      product: createProductInput.parse({
        title: "The guide",
        priceMinor: 100,
        currency: "RUB",
        kind: "file",
      }),
      actor: { type: "system" },
    });
    await db()
      .update(products)
      .set({ delivery: { fileId: file.id } })
      .where(eq(products.id, product.id));
    const [row] = await db().select().from(fileAssets).where(eq(fileAssets.id, file.id));

    expect((await remove(file.id, agent.session)).status).toBe(403);
    expect((await remove(file.id, other.session)).status).toBe(404);
    const refused = await remove(file.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toBe(
      "“guide.pdf” is delivered by “The guide”; choose another file there first",
    );
    expect(fs.existsSync(path.join(dataDir, "files", row!.storageKey))).toBe(true);
    expect(await entries("file.deleted", file.id)).toEqual([]);

    await db()
      .update(products)
      .set({ delivery: { fileId: null } })
      .where(eq(products.id, product.id));
    expect((await remove(file.id)).status).toBe(204);
    expect(await db().select().from(fileAssets).where(eq(fileAssets.id, file.id))).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, "files", row!.storageKey))).toBe(false);
    expect(await entries("file.deleted", file.id)).toMatchObject([
      { actorType: "user", data: { name: "guide.pdf", size: 8 } },
    ]);
    expect((await remove(file.id)).status).toBe(404);
  });

  it("remembers Telegram file ids per bot without losing the others", async () => {
    const { file } = await (await upload("abc", pdf("a.pdf"))).json();
    const botA = crypto.randomUUID();
    const botB = crypto.randomUUID();
    const set = (botId: string, telegramFileId: string, workspaceId = owner.workspaceId) =>
      rememberTelegramFileId(db(), { workspaceId, id: file.id, botId, telegramFileId });
    await set(botA, "BQACAgA-1");
    await set(botB, "BQACAgB-1");
    await set(botA, "BQACAgA-2");
    await set(botA, "stolen", other.workspaceId);
    const [row] = await db().select().from(fileAssets).where(eq(fileAssets.id, file.id));
    expect(row!.telegramFileIds).toEqual({ [botA]: "BQACAgA-2", [botB]: "BQACAgB-1" });
    // Never shown by the API.
    expect(JSON.stringify(await (await get(file.id)).json())).not.toContain("BQACAg");
  });

  describe("with S3 configured", () => {
    let s3: FakeS3;
    beforeAll(async () => {
      s3 = await startFakeS3();
      setConfigForTests({
        ...config(),
        S3_BUCKET: s3.bucket,
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_FORCE_PATH_STYLE: true,
      });
    });
    afterAll(async () => {
      const { S3_BUCKET: _b, S3_ENDPOINT: _e, ...rest } = config();
      setConfigForTests(rest);
      await s3.close();
    });

    it("uploads to the bucket, still reads older local files, and deletes from the bucket", async () => {
      const res = await upload("bytes in the bucket", pdf("s3.pdf"));
      expect(res.status).toBe(201);
      const { file } = await res.json();
      expect(file.storage).toBe("s3");
      const [row] = await db().select().from(fileAssets).where(eq(fileAssets.id, file.id));
      expect(s3.objects().get(row!.storageKey)?.data.toString()).toBe("bytes in the bucket");

      const [local] = await db()
        .select()
        .from(fileAssets)
        .where(and(eq(fileAssets.storage, "local"), eq(fileAssets.name, "second.txt")));
      const opened = await (await storageFor(local!.storage)).open(local!);
      const chunks: Buffer[] = [];
      for await (const c of opened.stream) chunks.push(Buffer.from(c as Uint8Array));
      expect(Buffer.concat(chunks).toString()).toBe("second");

      expect((await remove(file.id)).status).toBe(204);
      expect(s3.objects().has(row!.storageKey)).toBe(false);
    });
  });
});
