import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { journal, orders, products } from "@/lib/db/schema";
import * as collection from "@/app/api/v1/products/route";
import * as item from "@/app/api/v1/products/[id]/route";

const ebook = { title: "E-book", priceMinor: 49900, currency: "RUB", kind: "file" };

describe("products", () => {
  const db = useTestDatabase();
  let owner: TestAccount;

  beforeAll(async () => {
    owner = await createTestAccount(db());
  });

  const create = (body: unknown, headers = owner.apiKey) =>
    call(collection.POST, "/api/v1/products", { method: "POST", headers, body });
  const patch = (id: string, body: unknown) =>
    call(item.PATCH, `/api/v1/products/${id}`, {
      method: "PATCH",
      headers: owner.session,
      params: { id },
      body,
    });
  const remove = (id: string) =>
    call(item.DELETE, `/api/v1/products/${id}`, {
      method: "DELETE",
      headers: owner.session,
      params: { id },
    });
  const list = async (query: Record<string, string> = {}) =>
    (
      await (
        await call(collection.GET, "/api/v1/products", { headers: owner.apiKey, query })
      ).json()
    ).data as { id: string; title: string }[];
  const rowOf = async (id: string) =>
    (await db().select().from(products).where(eq(products.id, id)))[0];
  const entries = async (kind: string, subjectId: string) =>
    db()
      .select()
      .from(journal)
      .where(and(eq(journal.kind, kind), eq(journal.subjectId, subjectId)));
  const issuesOf = async (res: Response) =>
    ((await res.json()).error.details as { path: string; message: string }[]).map((d) => d.path);

  it("creates a product with defaults, stores it in the workspace and journals it", async () => {
    const res = await create({ ...ebook, description: "A book about bots" });
    expect(res.status).toBe(201);
    const { product } = await res.json();
    expect(product).toMatchObject({
      ...ebook,
      description: "A book about bots",
      imageUrl: null,
      active: true,
      stock: null,
      periodDays: null,
      fiscalReceipt: false,
      vatCode: 1,
      // The kind's default method, every setting at its default.
      delivery: { method: "one_time_link", linkHours: 72, maxDownloads: 3, fileId: null },
    });
    expect(await rowOf(product.id)).toMatchObject({
      workspaceId: owner.workspaceId,
      priceMinor: 49900,
      currency: "RUB",
    });
    expect(await entries("product.created", product.id)).toMatchObject([
      { actorType: "api_key", data: { title: "E-book", priceMinor: 49900, currency: "RUB" } },
    ]);
    const got = await call(item.GET, `/api/v1/products/${product.id}`, {
      headers: owner.session,
      params: { id: product.id },
    });
    expect((await got.json()).product).toEqual(product);
  });

  it("sells for Stars: whole stars from 1, subscriptions every 30 days", async () => {
    const stars = await create({
      title: "Pro chat",
      priceMinor: 250,
      currency: "XTR",
      kind: "subscription",
      periodDays: 30,
    });
    expect(stars.status).toBe(201);
    expect((await rowOf((await stars.json()).product.id))?.periodDays).toBe(30);

    const zero = await create({ ...ebook, currency: "XTR", priceMinor: 0 });
    expect(zero.status).toBe(422);
    expect(await issuesOf(zero)).toEqual(["priceMinor"]);
    const weekly = await create({
      ...ebook,
      currency: "XTR",
      priceMinor: 100,
      kind: "subscription",
      periodDays: 7,
    });
    expect(await issuesOf(weekly)).toEqual(["periodDays"]);
    const noPeriod = await create({ ...ebook, kind: "subscription" });
    expect(await issuesOf(noPeriod)).toEqual(["periodDays"]);
    const periodOnFile = await create({ ...ebook, periodDays: 30 });
    expect(await issuesOf(periodOnFile)).toEqual(["periodDays"]);
    const receiptInStars = await create({ ...ebook, currency: "XTR", fiscalReceipt: true });
    expect(await issuesOf(receiptInStars)).toEqual(["fiscalReceipt"]);
    for (const [field, value] of [
      ["priceMinor", 1.5],
      ["priceMinor", -1],
      ["priceMinor", Number.MAX_SAFE_INTEGER + 2],
      ["currency", "BTC"],
      ["kind", "ticket"],
      ["stock", -1],
      ["vatCode", 13],
      ["imageUrl", "http://example.com/a.png"],
      ["title", "  "],
    ] as const) {
      const res = await create({ ...ebook, [field]: value });
      expect(res.status, `${field} = ${value}`).toBe(422);
      expect(await issuesOf(res), `${field} = ${value}`).toContain(field);
    }
    expect((await list()).map((p) => p.title)).not.toContain(ebook.title + "x");
  });

  it("changes only what the patch names, checks the rules on the result, and journals the change", async () => {
    const { product } = await (
      await create({ ...ebook, title: "Course", kind: "subscription", periodDays: 7 })
    ).json();

    // Stars would make the 7-day period invalid: refused, nothing changed.
    const toStars = await patch(product.id, { currency: "XTR", priceMinor: 100 });
    expect(toStars.status).toBe(422);
    expect(await issuesOf(toStars)).toEqual(["periodDays"]);
    expect(await rowOf(product.id)).toMatchObject({ currency: "RUB", priceMinor: 49900 });

    const ok = await patch(product.id, { currency: "XTR", priceMinor: 100, periodDays: 30 });
    expect(ok.status).toBe(200);
    expect(await rowOf(product.id)).toMatchObject({
      currency: "XTR",
      priceMinor: 100,
      periodDays: 30,
    });
    expect(await entries("product.updated", product.id)).toMatchObject([
      {
        actorType: "user",
        data: {
          title: "Course",
          changes: {
            currency: { from: "RUB", to: "XTR" },
            priceMinor: { from: 49900, to: 100 },
            periodDays: { from: 7, to: 30 },
          },
        },
      },
    ]);

    // No longer a subscription: the period goes with it.
    expect((await patch(product.id, { kind: "course" })).status).toBe(200);
    expect((await rowOf(product.id))?.periodDays).toBeNull();
    // The same values again: no write, no entry.
    expect((await patch(product.id, { kind: "course", title: "Course" })).status).toBe(200);
    expect(await entries("product.updated", product.id)).toHaveLength(2);
  });

  it("archives, filters and searches", async () => {
    const other = await createTestAccount(db(), "Other");
    await create({ ...ebook, title: "Other shop's 50% sale" }, other.apiKey);
    const { product: sale } = await (await create({ ...ebook, title: "50% sale" })).json();
    const { product: kit } = await (await create({ ...ebook, title: "Starter kit" })).json();
    expect((await patch(kit.id, { active: false })).status).toBe(200);

    const active = (await list({ status: "active" })).map((p) => p.id);
    expect(active).toContain(sale.id);
    expect(active).not.toContain(kit.id);
    expect((await list({ status: "archived" })).map((p) => p.id)).toEqual([kit.id]);
    // % is a character, not a wildcard; the other workspace's product is not found.
    expect((await list({ q: "50%" })).map((p) => p.title)).toEqual(["50% sale"]);
    expect((await list({ q: "KIT" })).map((p) => p.id)).toEqual([kit.id]);
    expect((await list({ q: "0_s" })).map((p) => p.id)).toEqual([]);
  });

  it("deletes a product never ordered, and refuses one with orders (409: archive it)", async () => {
    const { product: unsold } = await (await create({ ...ebook, title: "Unsold" })).json();
    expect((await remove(unsold.id)).status).toBe(204);
    expect(await rowOf(unsold.id)).toBeUndefined();
    expect(await entries("product.deleted", unsold.id)).toMatchObject([
      { data: { title: "Unsold", priceMinor: 49900, currency: "RUB", kind: "file" } },
    ]);
    expect((await remove(unsold.id)).status).toBe(404);

    const { product: sold } = await (await create({ ...ebook, title: "Sold" })).json();
    await db()
      .insert(orders)
      .values({
        workspaceId: owner.workspaceId,
        productId: sold.id,
        title: "Sold",
        productKind: "file",
        amountMinor: 49900,
        currency: "RUB",
        provider: "yookassa",
        idempotencyKey: `test-${sold.id}`,
      });
    const refused = await remove(sold.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toMatch(/has 1 order.*archive it instead/);
    expect(await rowOf(sold.id)).toBeDefined();
    expect(await entries("product.deleted", sold.id)).toEqual([]);
  });

  it("lets agents read products but not change them", async () => {
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    const read = await call(collection.GET, "/api/v1/products", { headers: agent.session });
    expect(read.status).toBe(200);
    const write = await create(ebook, agent.session);
    expect(write.status).toBe(403);
  });

  it("accepts delivery settings that fit the kind, returns them, and keeps secrets out of the journal", async () => {
    const res = await create({
      ...ebook,
      title: "Code",
      kind: "text",
      delivery: { secret: "PROMO-2025-XYZ", message: "Here is your code" },
    });
    expect(res.status).toBe(201);
    const { product } = await res.json();
    expect(product.delivery).toMatchObject({
      method: "text",
      secret: "PROMO-2025-XYZ",
      message: "Here is your code",
    });
    expect((await rowOf(product.id))!.delivery).toMatchObject({ secret: "PROMO-2025-XYZ" });

    // A partial change keeps what it does not name.
    const changed = await patch(product.id, { delivery: { message: "Your code:" } });
    expect(changed.status).toBe(200);
    expect((await changed.json()).product.delivery).toMatchObject({
      secret: "PROMO-2025-XYZ",
      message: "Your code:",
    });
    await patch(product.id, { delivery: { secret: "PROMO-NEW" } });
    expect((await rowOf(product.id))!.delivery).toMatchObject({
      secret: "PROMO-NEW",
      message: "Your code:",
    });
    const logged = [
      ...(await entries("product.created", product.id)),
      ...(await entries("product.updated", product.id)),
    ];
    expect(logged).toHaveLength(3);
    expect(JSON.stringify(logged)).not.toContain("PROMO");
    expect(logged[2]!.data).toMatchObject({
      changes: { delivery: { from: { secret: "(set)" }, to: { secret: "(set)" } } },
    });
  });

  it("refuses a delivery method the kind does not allow (400) or a bad setting (422), changing nothing", async () => {
    const wrong = await create({
      ...ebook,
      title: "Wrong method",
      kind: "license_key",
      delivery: { method: "timed_link" },
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toBe(
      "The delivery method “timed_link” does not fit a license_key product; use license_key",
    );
    expect(await list({ q: "Wrong method" })).toHaveLength(0);

    const { product } = await (await create({ ...ebook, title: "Presets" })).json();
    const timed = await patch(product.id, { delivery: { method: "timed_link", maxDownloads: 5 } });
    expect(timed.status).toBe(200);
    const mismatch = await patch(product.id, {
      kind: "channel",
      delivery: { method: "timed_link" },
    });
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).error.message).toContain("use channel");
    const bad = await patch(product.id, {
      delivery: { maxDownloads: 0, channelChatId: "not a chat", surprise: true },
    });
    expect(bad.status).toBe(422);
    expect(await issuesOf(bad)).toEqual(
      expect.arrayContaining(["delivery.maxDownloads", "delivery.channelChatId", "delivery"]),
    );
    expect((await rowOf(product.id))!).toMatchObject({
      kind: "file",
      delivery: { method: "timed_link", maxDownloads: 5 },
    });
  });

  it("keeps a key product's stock to its pool: not set by hand", async () => {
    const { product } = await (
      await create({ ...ebook, title: "Keys", kind: "license_key", stock: 50 })
    ).json();
    expect(product.stock).toBe(0);
    const res = await patch(product.id, { stock: 99, title: "Keys!" });
    expect((await res.json()).product).toMatchObject({ stock: 0, title: "Keys!" });
    // Another kind turned into keys counts its (empty) pool.
    const { product: file } = await (
      await create({ ...ebook, title: "Was a file", stock: 7 })
    ).json();
    const turned = await patch(file.id, { kind: "license_key" });
    expect((await turned.json()).product).toMatchObject({ kind: "license_key", stock: 0 });
  });
});
