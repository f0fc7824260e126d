import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { invites, journal, members } from "@/lib/db/schema";
import { hashToken } from "@/lib/crypto/secrets";
import * as collection from "@/app/api/v1/invites/route";
import * as item from "@/app/api/v1/invites/[id]/route";
import * as byToken from "@/app/api/invites/[token]/route";

describe("invites", () => {
  const db = useTestDatabase();

  async function invite(
    owner: TestAccount,
    body: Record<string, unknown> = { role: "agent" },
    headers = owner.session,
  ) {
    const res = await call(collection.POST, "/api/v1/invites", { method: "POST", headers, body });
    const json = await res.json();
    const token = typeof json.url === "string" ? (json.url.split("/invite/")[1] ?? "") : "";
    return { res, json, token };
  }
  const preview = (token: string, ip = "203.0.113.50") =>
    call(byToken.GET, `/api/invites/${token}`, {
      params: { token },
      headers: { "x-forwarded-for": ip },
    });
  const accept = (token: string, headers: Record<string, string>) =>
    call(byToken.POST, `/api/invites/${token}`, { method: "POST", params: { token }, headers });
  const memberCount = async (workspaceId: string) =>
    (await db().select().from(members).where(eq(members.workspaceId, workspaceId))).length;
  const kinds = async (workspaceId: string) =>
    (await db().select().from(journal).where(eq(journal.workspaceId, workspaceId))).map(
      (j) => j.kind,
    );

  it("creates a link shown once, stores only the token's hash, and lists it as pending", async () => {
    const owner = await createTestAccount(db());
    const { res, json, token } = await invite(owner, { role: "admin", expiresInDays: 3 });
    expect(res.status).toBe(201);
    expect(json.url).toBe(`http://localhost:3000/invite/${token}`);
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(json.invite).toMatchObject({
      role: "admin",
      status: "pending",
      acceptedAt: null,
      revokedAt: null,
    });
    const days = (Date.parse(json.invite.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThanOrEqual(3);

    const [row] = await db().select().from(invites).where(eq(invites.id, json.invite.id));
    expect(row?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row?.createdBy).toBe(owner.userId);

    const list = await (
      await call(collection.GET, "/api/v1/invites", { headers: owner.session })
    ).json();
    expect(list.data.map((i: { id: string }) => i.id)).toEqual([json.invite.id]);
    expect(JSON.stringify(list)).not.toContain(token);
    expect(await kinds(owner.workspaceId)).toContain("invite.created");
  });

  it("lets only owners create owner invites; agents cannot invite at all", async () => {
    const owner = await createTestAccount(db());
    const admin = await addTestMember(db(), owner.workspaceId, "admin", "Admin");
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    expect((await invite(owner, { role: "owner" }, admin.session)).res.status).toBe(403);
    expect((await invite(owner, { role: "owner" }, owner.apiKey)).res.status).toBe(403);
    expect((await invite(owner, { role: "agent" }, agent.session)).res.status).toBe(403);
    expect((await invite(owner, { role: "admin" }, admin.session)).res.status).toBe(201);
    expect((await invite(owner, { role: "owner" }, owner.session)).res.status).toBe(201);
    const roles = (
      await db().select().from(invites).where(eq(invites.workspaceId, owner.workspaceId))
    ).map((i) => i.role);
    expect(roles.sort()).toEqual(["admin", "owner"]);
  });

  it("previews a link without signing in, revealing only workspace name, role and expiry", async () => {
    const owner = await createTestAccount(db(), "Paula");
    const { token } = await invite(owner, { role: "agent" });
    const res = await preview(token);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "role", "workspaceName"]);
    expect(body).toMatchObject({ workspaceName: "Paula's shop", role: "agent" });

    const unknown = await preview("x".repeat(43));
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(await unknown.json())).not.toContain("Paula");
  });

  it("says why a link cannot be used: revoked, expired, used", async () => {
    const owner = await createTestAccount(db());
    const joiner = await createTestAccount(db(), "Joiner");

    const revoked = await invite(owner);
    const del = await call(item.DELETE, `/api/v1/invites/${revoked.json.invite.id}`, {
      method: "DELETE",
      headers: owner.session,
      params: { id: revoked.json.invite.id },
    });
    expect(del.status).toBe(200);
    expect((await del.json()).invite.status).toBe("revoked");
    expect(await kinds(owner.workspaceId)).toContain("invite.revoked");

    const expired = await invite(owner);
    await db()
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.id, expired.json.invite.id));

    const used = await invite(owner);
    expect((await accept(used.token, joiner.session)).status).toBe(200);

    const messages: string[] = [];
    for (const t of [revoked.token, expired.token, used.token]) {
      const res = await preview(t);
      expect(res.status).toBe(404);
      const { error } = await res.json();
      messages.push(error.message);
      expect(error.message).not.toContain("Owner's shop");
    }
    expect(messages[0]).toMatch(/withdrawn/);
    expect(messages[1]).toMatch(/expired/);
    expect(messages[2]).toMatch(/already been used/);

    const other = await createTestAccount(db(), "Other");
    for (const t of [revoked.token, expired.token, used.token])
      expect((await accept(t, other.session)).status).toBe(404);
    expect(await memberCount(owner.workspaceId)).toBe(2);

    const list = await (
      await call(collection.GET, "/api/v1/invites", { headers: owner.session })
    ).json();
    const statusById = Object.fromEntries(
      list.data.map((i: { id: string; status: string }) => [i.id, i.status]),
    );
    expect(statusById[revoked.json.invite.id]).toBe("revoked");
    expect(statusById[expired.json.invite.id]).toBe("expired");
    expect(statusById[used.json.invite.id]).toBe("accepted");

    // An accepted invite cannot be revoked any more; the member is removed instead.
    const late = await call(item.DELETE, `/api/v1/invites/${used.json.invite.id}`, {
      method: "DELETE",
      headers: owner.session,
      params: { id: used.json.invite.id },
    });
    expect(late.status).toBe(409);
  });

  it("accepts: adds the member with the invite's role, journals it, and consumes the link", async () => {
    const owner = await createTestAccount(db());
    const joiner = await createTestAccount(db(), "Joiner");
    const { token, json } = await invite(owner, { role: "admin" });
    const res = await accept(token, joiner.session);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ workspaceId: owner.workspaceId, role: "admin" });
    const [m] = await db()
      .select()
      .from(members)
      .where(and(eq(members.workspaceId, owner.workspaceId), eq(members.userId, joiner.userId)));
    expect(m?.role).toBe("admin");
    const [row] = await db().select().from(invites).where(eq(invites.id, json.invite.id));
    expect(row?.acceptedBy).toBe(joiner.userId);
    expect(await kinds(owner.workspaceId)).toEqual(
      expect.arrayContaining(["invite.accepted", "member.joined"]),
    );

    expect((await accept(token, {})).status).toBe(401);
  });

  it("refuses to join a workspace twice and leaves the link unused", async () => {
    const owner = await createTestAccount(db());
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    const { token, json } = await invite(owner, { role: "admin" });
    const res = await accept(token, agent.account.session);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/already a member/);
    const [row] = await db().select().from(invites).where(eq(invites.id, json.invite.id));
    expect(row?.acceptedAt).toBeNull();
    const [m] = await db()
      .select()
      .from(members)
      .where(and(eq(members.workspaceId, owner.workspaceId), eq(members.userId, agent.userId)));
    expect(m?.role).toBe("agent");
  });

  it("is single use under concurrent accepts", async () => {
    const owner = await createTestAccount(db());
    const people = await Promise.all([1, 2, 3, 4].map((n) => createTestAccount(db(), `Racer${n}`)));
    const { token, json } = await invite(owner, { role: "agent" });
    const before = await memberCount(owner.workspaceId);

    // Four different people, plus the first one twice, all at once.
    const results = await Promise.all([...people, people[0]!].map((p) => accept(token, p.session)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 404 || s === 409)).toBe(true);

    expect(await memberCount(owner.workspaceId)).toBe(before + 1);
    const accepted = (await kinds(owner.workspaceId)).filter((k) => k === "invite.accepted");
    expect(accepted).toHaveLength(1);
    const [row] = await db().select().from(invites).where(eq(invites.id, json.invite.id));
    const winner = people.find((p) => p.userId === row?.acceptedBy);
    expect(winner).toBeDefined();
  });

  it("rate-limits previews per client address", async () => {
    const owner = await createTestAccount(db());
    const { token } = await invite(owner);
    let last = 0;
    for (let i = 0; i < 61; i++) last = (await preview(token, "198.51.100.200")).status;
    expect(last).toBe(429);
    expect((await preview(token, "198.51.100.201")).status).toBe(200);
  });

  it("revokes only invites of the caller's workspace", async () => {
    const owner = await createTestAccount(db());
    const other = await createTestAccount(db(), "Other");
    const { json } = await invite(other);
    const res = await call(item.DELETE, `/api/v1/invites/${json.invite.id}`, {
      method: "DELETE",
      headers: owner.session,
      params: { id: json.invite.id },
    });
    expect(res.status).toBe(404);
    const [row] = await db().select().from(invites).where(eq(invites.id, json.invite.id));
    expect(row?.revokedAt).toBeNull();
  });
});
