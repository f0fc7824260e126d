import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { journal, licenseKeys, products } from "@/lib/db/schema";
import { createOrder } from "@/lib/payments/orders/create";
import { keysFromCsv, keysFromLines } from "@/lib/delivery/key-codes";
import * as pool from "@/app/api/v1/products/[id]/keys/route";
import * as poolKey from "@/app/api/v1/products/[id]/keys/[keyId]/route";
import * as collection from "@/app/api/v1/products/route";

describe("license key files", () => {
  it("reads the first CSV column: quotes, doubled quotes, BOM, CRLF, a header", () => {
    const csv =
      '\uFEFFkey,note\r\n"AAAA-1111","first, with a comma"\r\nBBBB-2222,second\r\n' +
      '"CC""CC-3333",quoted quote\r\n"DDDD\r\n4444",line break inside quotes\r\n  EEEE-5555  ,spaces\r\n\r\n';
    expect(keysFromCsv(csv)).toEqual([
      "AAAA-1111",
      "BBBB-2222",
      'CC"CC-3333',
      "DDDD\r\n4444",
      "EEEE-5555",
    ]);
  });

  it("takes Excel's semicolons and tabs, and a file without a delimiter line by line", () => {
    expect(keysFromCsv("Ключ;Заказ\nK-1;x\nK-2;y\n")).toEqual(["K-1", "K-2"]);
    expect(keysFromCsv("K-1\tx\nK-2\ty")).toEqual(["K-1", "K-2"]);
    expect(keysFromCsv("K-1\rK-2\nK-3")).toEqual(["K-1", "K-2", "K-3"]);
  });

  it("reads pasted lines, trimmed, blank lines dropped", () => {
    expect(keysFromLines("\uFEFF a \r\n\n b,c \n\t\n")).toEqual(["a", "b,c"]);
  });
});

describe("license key pool API", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let other: TestAccount;

  beforeAll(async () => {
    owner = await createTestAccount(db(), "Keys");
    other = await createTestAccount(db(), "Other");
  });

  async function product(kind = "license_key", as = owner) {
    const res = await call(collection.POST, "/api/v1/products", {
      method: "POST",
      headers: as.session,
      body: { title: `Game ${kind}`, priceMinor: 100, currency: "XTR", kind },
    });
    expect(res.status).toBe(201);
    return (await res.json()).product as { id: string; stock: number | null };
  }
  const upload = (id: string, body: unknown, headers: Record<string, string> = {}, as = owner) =>
    call(pool.POST, `/api/v1/products/${id}/keys`, {
      method: "POST",
      params: { id },
      headers: { ...as.session, ...headers },
      body,
    });
  const list = (id: string, query: Record<string, string> = {}, as = owner) =>
    call(pool.GET, `/api/v1/products/${id}/keys`, { params: { id }, headers: as.apiKey, query });
  const remove = (id: string, keyId: number | string, as = owner) =>
    call(poolKey.DELETE, `/api/v1/products/${id}/keys/${keyId}`, {
      method: "DELETE",
      params: { id, keyId: String(keyId) },
      headers: as.session,
    });
  const orderOf = async (productId: string) =>
    (
      await db().transaction((tx) =>
        createOrder(
          tx,
          {
            workspaceId: owner.workspaceId,
            title: "Game",
            productKind: "license_key",
            productId,
            amountMinor: 100,
            currency: "XTR",
            provider: "stars",
            idempotencyKey: `keys-${productId}`,
          },
          { type: "system" },
        ),
      )
    ).order;
  const stockOf = async (id: string) =>
    (await db().select({ stock: products.stock }).from(products).where(eq(products.id, id)))[0]!
      .stock;
  const codesOf = async (id: string) =>
    (await db().select().from(licenseKeys).where(eq(licenseKeys.productId, id)))
      .map((k) => k.code)
      .sort();

  it("starts a key product at stock 0; uploads dedupe within the upload and against the pool", async () => {
    const p = await product();
    expect(p.stock).toBe(0);
    const first = await upload(p.id, { codes: [" K-1 ", "K-2", "", "K-1", "   ", "K-3"] });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ added: 3, duplicates: 1, stock: 3 });

    const second = await upload(p.id, { codes: ["K-3", "K-4", "K-4"] });
    expect(await second.json()).toEqual({ added: 1, duplicates: 2, stock: 4 });
    expect(await codesOf(p.id)).toEqual(["K-1", "K-2", "K-3", "K-4"]);
    expect(await stockOf(p.id)).toBe(4);

    const entries = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.kind, "keys.added"), eq(journal.subjectId, p.id)));
    expect(entries.map((e) => e.data)).toEqual([
      expect.objectContaining({ added: 3, duplicates: 1, stock: 3 }),
      expect.objectContaining({ added: 1, duplicates: 2, stock: 4 }),
    ]);
    // Keys never go into the journal.
    expect(JSON.stringify(entries)).not.toContain("K-1");

    const blank = await upload(p.id, { codes: ["", "  "] });
    expect(blank.status).toBe(422);
    expect(await stockOf(p.id)).toBe(4);
  });

  it("takes a CSV upload (text/csv) with a BOM, CRLF and quoted cells", async () => {
    const p = await product();
    const csv = '\uFEFFcode,comment\r\n"Q-1,x",a\r\nQ-2,b\r\nQ-2,again\r\n';
    const res = await upload(p.id, csv, { "content-type": "text/csv; charset=utf-8" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ added: 2, duplicates: 1, stock: 2 });
    expect(await codesOf(p.id)).toEqual(["Q-1,x", "Q-2"]);
    const plain = await upload(p.id, "Q-3", { "content-type": "text/plain" });
    expect(plain.status).toBe(415);
  });

  it("lists counts and masked keys, with the order of a given one", async () => {
    const p = await product();
    await upload(p.id, { codes: ["ABCD-EFGH-0001", "ABCD-EFGH-0002", "XY"] });
    const order = await orderOf(p.id);
    await db()
      .update(licenseKeys)
      .set({ orderId: order.id, assignedAt: new Date() })
      .where(eq(licenseKeys.code, "ABCD-EFGH-0001"));

    const res = await list(p.id);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.counts).toEqual({ free: 2, given: 1, revoked: 0 });
    expect(body.data.map((k: { masked: string }) => k.masked)).toEqual([
      "••••",
      "••••0002",
      "••••0001",
    ]);
    expect(body.data[2]).toMatchObject({ status: "given", orderId: order.id });
    expect(JSON.stringify(body)).not.toContain("ABCD");

    const given = await (await list(p.id, { status: "given" })).json();
    expect(given.data).toHaveLength(1);
    const paged = await (await list(p.id, { limit: "2" })).json();
    expect(paged.data).toHaveLength(2);
    const rest = await (await list(p.id, { limit: "2", cursor: String(paged.nextCursor) })).json();
    expect(rest.data.map((k: { masked: string }) => k.masked)).toEqual(["••••0001"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("deletes a free key only; a given or revoked one is 409; stock follows", async () => {
    const p = await product();
    await upload(p.id, { codes: ["D-1", "D-2", "D-3"] });
    const keys = await db().select().from(licenseKeys).where(eq(licenseKeys.productId, p.id));
    const byCode = (code: string) => keys.find((k) => k.code === code)!;
    await db()
      .update(licenseKeys)
      .set({ revokedAt: new Date() })
      .where(eq(licenseKeys.id, byCode("D-3").id));
    const order = await orderOf(p.id);
    await db()
      .update(licenseKeys)
      .set({ orderId: order.id, assignedAt: new Date() })
      .where(eq(licenseKeys.id, byCode("D-2").id));

    const ok = await remove(p.id, byCode("D-1").id);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ stock: 0 });
    expect(await codesOf(p.id)).toEqual(["D-2", "D-3"]);
    expect(await stockOf(p.id)).toBe(0);

    const given = await remove(p.id, byCode("D-2").id);
    expect(given.status).toBe(409);
    expect((await given.json()).error.message).toContain(order.id);
    const revoked = await remove(p.id, byCode("D-3").id);
    expect(revoked.status).toBe(409);
    expect(await codesOf(p.id)).toEqual(["D-2", "D-3"]);

    const gone = await remove(p.id, byCode("D-1").id);
    expect(gone.status).toBe(404);
    const deleted = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.kind, "key.deleted"), eq(journal.subjectId, p.id)));
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.data).toMatchObject({ key: "••••", stock: 0 });
  });

  it("refuses a pool for another kind of product (409)", async () => {
    const p = await product("file");
    const res = await upload(p.id, { codes: ["F-1"] });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain("not a license-key product");
    expect(await codesOf(p.id)).toEqual([]);
  });

  it("another workspace cannot see, fill or empty the pool", async () => {
    const p = await product();
    await upload(p.id, { codes: ["MINE-1"] });
    const [key] = await db().select().from(licenseKeys).where(eq(licenseKeys.productId, p.id));
    expect((await upload(p.id, { codes: ["THEIRS"] }, {}, other)).status).toBe(404);
    expect((await list(p.id, {}, other)).status).toBe(404);
    expect((await remove(p.id, key!.id, other)).status).toBe(404);
    // Their own product's path with our key id: not found either.
    const theirs = await product("license_key", other);
    expect((await remove(theirs.id, key!.id, other)).status).toBe(404);
    expect(await codesOf(p.id)).toEqual(["MINE-1"]);
    expect(await stockOf(p.id)).toBe(1);
  });
});
