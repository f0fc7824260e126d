import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount } from "@/test/http";
import { apiKeys, journal } from "@/lib/db/schema";
import * as collection from "@/app/api/v1/api-keys/route";
import * as item from "@/app/api/v1/api-keys/[id]/route";

describe("API keys", () => {
  const db = useTestDatabase();

  it("creates a key shown once, stores only its hash, and lists it without the secret", async () => {
    const owner = await createTestAccount(db());
    const res = await call(collection.POST, "/api/v1/api-keys", {
      method: "POST",
      headers: owner.session,
      body: { name: "1C exchange" },
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.key).toMatch(/^bs_[\w-]{43}$/);
    const [stored] = await db().select().from(apiKeys).where(eq(apiKeys.id, created.apiKey.id));
    expect(stored?.keyHash).not.toContain(created.key);
    expect(JSON.stringify(stored)).not.toContain(created.key);

    const list = await (
      await call(collection.GET, "/api/v1/api-keys", { headers: owner.session })
    ).json();
    expect(list.data.map((k: { name: string }) => k.name)).toContain("1C exchange");
    expect(JSON.stringify(list)).not.toContain(created.key);

    // The new key authenticates.
    const viaKey = await call(collection.GET, "/api/v1/api-keys", {
      headers: { authorization: `Bearer ${created.key}` },
    });
    expect(viaKey.status).toBe(200);
  });

  it("revokes a key: it stops working and the revocation is journaled", async () => {
    const owner = await createTestAccount(db());
    const res = await call(item.DELETE, `/api/v1/api-keys/${owner.apiKeyId}`, {
      method: "DELETE",
      headers: owner.session,
      params: { id: owner.apiKeyId },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).apiKey.revokedAt).not.toBeNull();
    const after = await call(collection.GET, "/api/v1/api-keys", { headers: owner.apiKey });
    expect(after.status).toBe(401);
    const kinds = (
      await db().select().from(journal).where(eq(journal.workspaceId, owner.workspaceId))
    ).map((j) => j.kind);
    expect(kinds).toContain("api_key.revoked");
  });

  it("rejects bad input with field-level messages and writes nothing", async () => {
    const owner = await createTestAccount(db());
    const before = await db()
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.workspaceId, owner.workspaceId));
    const cases: [unknown, number][] = [
      ["{not json", 400],
      [{ name: "" }, 422],
      [{ name: "x", extra: true }, 422],
      [{ name: 42 }, 422],
      [{ name: "x", role: "owner" }, 422],
      [JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) }), 413],
    ];
    for (const [body, status] of cases) {
      const res = await call(collection.POST, "/api/v1/api-keys", {
        method: "POST",
        headers: owner.apiKey,
        body,
      });
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      const json = await res.json();
      expect(json.error.message).toBeTruthy();
      if (status === 422) expect(json.error.details.length).toBeGreaterThan(0);
    }
    const after = await db()
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.workspaceId, owner.workspaceId));
    expect(after.length).toBe(before.length);
  });

  it("refuses agents", async () => {
    const owner = await createTestAccount(db());
    const res = await call(collection.POST, "/api/v1/api-keys", {
      method: "POST",
      headers: owner.session,
      body: { name: "agent key", role: "agent" },
    });
    const { key } = await res.json();
    const asAgent = await call(collection.GET, "/api/v1/api-keys", {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(asAgent.status).toBe(403);
  });
});
