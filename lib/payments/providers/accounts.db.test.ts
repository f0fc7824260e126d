import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, setConfigForTests, type AppConfig } from "@/lib/config/env";
import { journal, paymentProviders } from "@/lib/db/schema";
import { useTestDatabase } from "@/test/db";
import { startFakeYookassa, type FakeYookassa } from "@/test/fakes/yookassa";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { GET } from "@/app/api/v1/payment-providers/route";
import { DELETE, PUT } from "@/app/api/v1/payment-providers/[kind]/route";
import { POST as TEST } from "@/app/api/v1/payment-providers/[kind]/test/route";
import { providerAccount } from "./accounts";
import { secretHint } from "./keys";

const STRIPE_KEY = "sk_test_51AbCdEfGhIjKlMnOpQrStUv4242";
const STRIPE_LIVE = "sk_live_51AbCdEfGhIjKlMnOpQrStUv9999";
const WHSEC = "whsec_AbCdEfGhIjKlMnOpQrSt7777";
const PROVIDER_TOKEN = "381764678:TEST:AbCdEf123456";

describe("payment providers", () => {
  const db = useTestDatabase();
  let owner: TestAccount;
  let fake: FakeYookassa;
  let previous: AppConfig;

  beforeAll(async () => {
    owner = await createTestAccount(db());
    fake = await startFakeYookassa();
    previous = config();
    setConfigForTests({ ...previous, YOOKASSA_API_URL: fake.apiUrl });
  });
  afterAll(async () => {
    setConfigForTests(previous);
    await fake.close();
  });

  const put = (kind: string, body: unknown, headers = owner.session) =>
    call(PUT, `/api/v1/payment-providers/${kind}`, {
      method: "PUT",
      params: { kind },
      headers,
      body,
    });

  it("stores Stripe keys encrypted, shows only hints, and journals no secret", async () => {
    const res = await put("stripe", { secretKey: STRIPE_KEY });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(STRIPE_KEY);
    const { provider, created } = JSON.parse(text);
    expect(created).toBe(true);
    expect(provider).toMatchObject({
      kind: "stripe",
      mode: "test",
      readable: true,
      secrets: {
        secretKey: { set: true, hint: "sk_test_…4242" },
        webhookSecret: { set: false, hint: null },
      },
      webhookUrl: `${config().APP_URL}/api/payments/stripe/${provider.id}`,
    });

    const [row] = await db()
      .select()
      .from(paymentProviders)
      .where(eq(paymentProviders.id, provider.id));
    expect(row!.secretsEncrypted).toMatch(/^v1\./);
    expect(row!.secretsEncrypted).not.toContain("sk_test");
    expect(JSON.stringify(row!.settings)).not.toContain("sk_test");

    // The webhook secret added later keeps the stored key.
    const second = await put("stripe", { webhookSecret: WHSEC });
    expect(second.status).toBe(200);
    expect((await second.json()).created).toBe(false);
    const account = await providerAccount(db(), owner.workspaceId, "stripe");
    expect(account?.secrets).toEqual({ secretKey: STRIPE_KEY, webhookSecret: WHSEC });

    const entries = await db()
      .select()
      .from(journal)
      .where(
        and(eq(journal.workspaceId, owner.workspaceId), eq(journal.kind, "payment_provider.saved")),
      );
    expect(entries.map((e) => e.data)).toEqual([
      expect.objectContaining({ provider: "stripe", mode: "test", replaced: ["secretKey"] }),
      expect.objectContaining({ created: false, replaced: ["webhookSecret"] }),
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/sk_test_|whsec_/);

    const list = await call(GET, "/api/v1/payment-providers", { headers: owner.apiKey });
    const listed = await list.text();
    expect(listed).not.toContain(STRIPE_KEY);
    expect(listed).not.toContain(WHSEC);
    expect(JSON.parse(listed).data).toHaveLength(1);
  });

  it("takes the mode from the key and refuses a mode the key contradicts", async () => {
    const mismatch = await put("stripe", { secretKey: STRIPE_LIVE, mode: "test" });
    expect(mismatch.status).toBe(422);
    const { error } = await mismatch.json();
    expect(error.details).toEqual([
      { path: "secretKey", message: expect.stringMatching(/live key, but test mode was chosen/) },
    ]);
    expect((await providerAccount(db(), owner.workspaceId, "stripe"))?.mode).toBe("test");

    const live = await put("stripe", { secretKey: STRIPE_LIVE, mode: "live" });
    expect(live.status).toBe(200);
    expect((await live.json()).provider.mode).toBe("live");
  });

  it("refuses keys of the wrong shape and fields of another provider", async () => {
    const wrong = await put("stripe", { secretKey: "pk_test_notASecretKey123456" });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error.details[0].path).toBe("secretKey");
    const foreign = await put("stripe", { shopId: "123456" });
    expect(foreign.status).toBe(422);
    const missing = await put("yookassa", { shopId: "123456" });
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.details[0].path).toBe("secretKey");
  });

  it("tests YooKassa keys against the provider and says why they fail", async () => {
    const shop = fake.addShop({ shopId: "505050", secretKey: "test_FakeShopSecretKey0001" });
    const saved = await put("yookassa", {
      shopId: shop.shopId,
      secretKey: shop.secretKey,
      enforceIpRanges: true,
    });
    expect(saved.status).toBe(200);
    expect((await saved.json()).provider).toMatchObject({
      mode: "test",
      shopId: "505050",
      enforceIpRanges: true,
      secrets: { secretKey: { set: true, hint: "test_…0001" } },
    });
    const test = () =>
      call(TEST, "/api/v1/payment-providers/yookassa/test", {
        method: "POST",
        params: { kind: "yookassa" },
        headers: owner.session,
      });
    const ok = await test();
    expect(ok.status).toBe(200);
    expect((await ok.json()).result).toMatchObject({ ok: true, checked: "provider" });

    await put("yookassa", { secretKey: "test_WrongSecretKey000000" });
    const refused = (await (await test()).json()).result;
    expect(refused).toMatchObject({ ok: false, checked: "provider" });
    expect(refused.message).toMatch(/does not accept/);
  });

  it("checks a Telegram provider token's form, deletes with a journal entry, and 404s after", async () => {
    expect((await put("telegram", { providerToken: PROVIDER_TOKEN })).status).toBe(200);
    const test = await call(TEST, "/api/v1/payment-providers/telegram/test", {
      method: "POST",
      params: { kind: "telegram" },
      headers: owner.session,
    });
    expect((await test.json()).result).toMatchObject({ ok: true, checked: "format", mode: "test" });

    const del = () =>
      call(DELETE, "/api/v1/payment-providers/telegram", {
        method: "DELETE",
        params: { kind: "telegram" },
        headers: owner.session,
      });
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(404);
    expect(await providerAccount(db(), owner.workspaceId, "telegram")).toBeNull();
    const [deleted] = await db()
      .select()
      .from(journal)
      .where(
        and(
          eq(journal.workspaceId, owner.workspaceId),
          eq(journal.kind, "payment_provider.deleted"),
        ),
      );
    expect(deleted?.data).toEqual({ provider: "telegram", mode: "test" });
  });

  it("lets only owners and admins see or change providers", async () => {
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    expect((await call(GET, "/api/v1/payment-providers", { headers: agent.session })).status).toBe(
      403,
    );
    expect((await put("stripe", { secretKey: STRIPE_KEY }, agent.session)).status).toBe(403);
  });

  it("hints at no more than the last four characters", () => {
    expect(secretHint("sk_live_abcdefghijklmnop")).toBe("sk_live_…mnop");
    expect(secretHint("123456789:LIVE:abcdefgh")).toBe("123456789:LIVE:…gh");
    expect(secretHint("short")).toBe("…t");
  });
});
