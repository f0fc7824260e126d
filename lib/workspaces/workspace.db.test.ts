import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { journal, members, users, workspaces } from "@/lib/db/schema";
import * as workspaceRoute from "@/app/api/v1/workspace/route";
import * as signup from "@/app/api/account/signup/route";
import * as password from "@/app/api/account/password/route";
import * as myWorkspaces from "@/app/api/account/workspaces/route";

describe("workspace", () => {
  const db = useTestDatabase();

  it("shows the caller's workspace and role", async () => {
    const owner = await createTestAccount(db());
    const res = await call(workspaceRoute.GET, "/api/v1/workspace", { headers: owner.session });
    expect(res.status).toBe(200);
    const { workspace } = await res.json();
    expect(workspace).toEqual({
      id: owner.workspaceId,
      name: "Owner's shop",
      timeZone: "UTC",
      createdAt: expect.any(String),
      role: "owner",
    });
    const viaKey = await (
      await call(workspaceRoute.GET, "/api/v1/workspace", { headers: owner.apiKey })
    ).json();
    expect(viaKey.workspace.role).toBe("admin");
  });

  it("renames it, journals from → to, and refuses agents", async () => {
    const owner = await createTestAccount(db());
    const res = await call(workspaceRoute.PATCH, "/api/v1/workspace", {
      method: "PATCH",
      headers: owner.session,
      body: { name: "  Book shop  " },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).workspace.name).toBe("Book shop");
    const [row] = await db().select().from(workspaces).where(eq(workspaces.id, owner.workspaceId));
    expect(row?.name).toBe("Book shop");
    const [entry] = await db()
      .select()
      .from(journal)
      .where(
        and(eq(journal.workspaceId, owner.workspaceId), eq(journal.kind, "workspace.renamed")),
      );
    expect(entry?.data).toEqual({ from: "Owner's shop", to: "Book shop" });
    expect(entry?.actorId).toBe(owner.userId);

    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    expect(
      (await call(workspaceRoute.GET, "/api/v1/workspace", { headers: agent.session })).status,
    ).toBe(200);
    const refused = await call(workspaceRoute.PATCH, "/api/v1/workspace", {
      method: "PATCH",
      headers: agent.session,
      body: { name: "Mine now" },
    });
    expect(refused.status).toBe(403);
    const [after] = await db()
      .select()
      .from(workspaces)
      .where(eq(workspaces.id, owner.workspaceId));
    expect(after?.name).toBe("Book shop");
  });
});

describe("account", () => {
  const db = useTestDatabase();

  it("signs up: user, workspace and owner membership, journaled", async () => {
    const res = await call(signup.POST, "/api/account/signup", {
      method: "POST",
      headers: { "x-forwarded-for": "203.0.113.1" },
      body: {
        name: "Ann",
        email: "Ann@Example.com",
        password: "a long enough password",
        workspaceName: "Ann's",
      },
    });
    expect(res.status).toBe(201);
    const { userId, workspaceId } = await res.json();
    const [user] = await db().select().from(users).where(eq(users.id, userId));
    expect(user?.email).toBe("ann@example.com");
    const [m] = await db().select().from(members).where(eq(members.userId, userId));
    expect(m).toMatchObject({ workspaceId, role: "owner" });
    const kinds = (
      await db().select().from(journal).where(eq(journal.workspaceId, workspaceId))
    ).map((j) => j.kind);
    expect(kinds).toEqual(["workspace.created"]);

    const again = await call(signup.POST, "/api/account/signup", {
      method: "POST",
      headers: { "x-forwarded-for": "203.0.113.1" },
      body: {
        name: "Ann",
        email: "ann@example.com",
        password: "a long enough password",
        workspaceName: "Ann's",
      },
    });
    expect(again.status).toBe(409);
  });

  it("rate-limits sign-ups per client address", async () => {
    const attempt = (ip: string, n: number) =>
      call(signup.POST, "/api/account/signup", {
        method: "POST",
        headers: { "x-forwarded-for": `198.51.100.77, ${ip}` },
        body: {
          name: "Bot",
          email: `flood${n}-${ip}@example.com`,
          password: "a long enough password",
          workspaceName: "W",
        },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt("192.0.2.10", i)).status);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    const limited = await attempt("192.0.2.10", 99);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const [flooded] = await db()
      .select()
      .from(users)
      .where(eq(users.email, "flood99-192.0.2.10@example.com"));
    expect(flooded).toBeUndefined();
    // Another address is not affected.
    expect((await attempt("192.0.2.11", 0)).status).toBe(201);
  });

  it("changes the password: the old session ends, the caller gets a fresh one", async () => {
    const owner = await createTestAccount(db());
    const wrong = await call(password.POST, "/api/account/password", {
      method: "POST",
      headers: owner.session,
      body: { currentPassword: "not it", newPassword: "another long password" },
    });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error.details[0].path).toBe("currentPassword");

    // Password change timestamps have millisecond resolution; make sure the new one is later.
    await new Promise((r) => setTimeout(r, 5));
    const res = await call(password.POST, "/api/account/password", {
      method: "POST",
      headers: owner.session,
      body: { currentPassword: owner.password, newPassword: "another long password" },
    });
    expect(res.status).toBe(204);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    const fresh = { cookie: setCookie.split(";")[0] ?? "" };

    expect(
      (await call(myWorkspaces.GET, "/api/account/workspaces", { headers: owner.session })).status,
    ).toBe(401);
    expect(
      (await call(myWorkspaces.GET, "/api/account/workspaces", { headers: fresh })).status,
    ).toBe(200);
    const kinds = (
      await db().select().from(journal).where(eq(journal.workspaceId, owner.workspaceId))
    ).map((j) => j.kind);
    expect(kinds).toContain("user.password_changed");
  });

  it("lists my workspaces and creates another one that I own", async () => {
    const owner = await createTestAccount(db());
    const res = await call(myWorkspaces.POST, "/api/account/workspaces", {
      method: "POST",
      headers: owner.session,
      body: { name: "Second shop" },
    });
    expect(res.status).toBe(201);
    const { workspace } = await res.json();
    expect(workspace).toMatchObject({ name: "Second shop", role: "owner" });
    const list = await (
      await call(myWorkspaces.GET, "/api/account/workspaces", { headers: owner.session })
    ).json();
    expect(list.data).toEqual([
      { id: owner.workspaceId, name: "Owner's shop", role: "owner" },
      { id: workspace.id, name: "Second shop", role: "owner" },
    ]);
    const entries = await db().select().from(journal).where(eq(journal.workspaceId, workspace.id));
    expect(entries.map((e) => [e.kind, e.actorId])).toEqual([["workspace.created", owner.userId]]);

    expect((await call(myWorkspaces.GET, "/api/account/workspaces")).status).toBe(401);
  });
});
