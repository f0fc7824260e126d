import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import { journal, members } from "@/lib/db/schema";
import * as collection from "@/app/api/v1/members/route";
import * as item from "@/app/api/v1/members/[id]/route";

describe("members", () => {
  const db = useTestDatabase();

  const patch = (headers: Record<string, string>, userId: string, role: string) =>
    call(item.PATCH, `/api/v1/members/${userId}`, {
      method: "PATCH",
      headers,
      params: { id: userId },
      body: { role },
    });
  const remove = (headers: Record<string, string>, userId: string) =>
    call(item.DELETE, `/api/v1/members/${userId}`, {
      method: "DELETE",
      headers,
      params: { id: userId },
    });
  const roleOf = async (owner: TestAccount, userId: string) =>
    (
      await db()
        .select({ role: members.role })
        .from(members)
        .where(and(eq(members.workspaceId, owner.workspaceId), eq(members.userId, userId)))
    )[0]?.role;
  const kinds = async (owner: TestAccount) =>
    (await db().select().from(journal).where(eq(journal.workspaceId, owner.workspaceId))).map(
      (j) => j.kind,
    );

  it("lists members with names, emails and roles; agents may not", async () => {
    const owner = await createTestAccount(db(), "Olga");
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Anton");
    const res = await call(collection.GET, "/api/v1/members", { headers: owner.session });
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data).toEqual([
      {
        userId: owner.userId,
        name: "Olga",
        email: owner.email,
        role: "owner",
        joinedAt: expect.any(String),
      },
      {
        userId: agent.userId,
        name: "Anton",
        email: agent.account.email,
        role: "agent",
        joinedAt: expect.any(String),
      },
    ]);
    expect((await call(collection.GET, "/api/v1/members", { headers: agent.session })).status).toBe(
      403,
    );
  });

  it("lets admins change non-owner roles, journaled with from and to", async () => {
    const owner = await createTestAccount(db());
    const admin = await addTestMember(db(), owner.workspaceId, "admin", "Admin");
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    const res = await patch(admin.session, agent.userId, "admin");
    expect(res.status).toBe(200);
    expect((await res.json()).member).toMatchObject({ userId: agent.userId, role: "admin" });
    expect(await roleOf(owner, agent.userId)).toBe("admin");
    const [entry] = await db()
      .select()
      .from(journal)
      .where(
        and(eq(journal.workspaceId, owner.workspaceId), eq(journal.kind, "member.role_changed")),
      );
    expect(entry).toMatchObject({
      actorId: admin.userId,
      subjectId: agent.userId,
      data: { from: "agent", to: "admin" },
    });
  });

  it("lets only owners grant or revoke the owner role, or remove an owner", async () => {
    const owner = await createTestAccount(db());
    const coOwner = await addTestMember(db(), owner.workspaceId, "owner", "CoOwner");
    const admin = await addTestMember(db(), owner.workspaceId, "admin", "Admin");
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");

    expect((await patch(admin.session, agent.userId, "owner")).status).toBe(403);
    expect((await patch(admin.session, admin.userId, "owner")).status).toBe(403);
    expect((await patch(admin.session, coOwner.userId, "admin")).status).toBe(403);
    expect((await remove(admin.session, coOwner.userId)).status).toBe(403);
    // API keys are never owners, so they cannot either.
    expect((await patch(owner.apiKey, agent.userId, "owner")).status).toBe(403);
    expect(await roleOf(owner, agent.userId)).toBe("agent");
    expect(await roleOf(owner, coOwner.userId)).toBe("owner");

    expect((await patch(owner.session, agent.userId, "owner")).status).toBe(200);
    expect((await patch(owner.session, coOwner.userId, "agent")).status).toBe(200);
    expect(await roleOf(owner, agent.userId)).toBe("owner");
    expect(await roleOf(owner, coOwner.userId)).toBe("agent");
  });

  it("never demotes or removes the last owner", async () => {
    const owner = await createTestAccount(db());
    const admin = await addTestMember(db(), owner.workspaceId, "admin", "Admin");
    const demote = await patch(owner.session, owner.userId, "admin");
    expect(demote.status).toBe(409);
    expect((await demote.json()).error.message).toMatch(/last owner/);
    const leave = await remove(owner.session, owner.userId);
    expect(leave.status).toBe(409);
    expect(await roleOf(owner, owner.userId)).toBe("owner");

    // With a second owner, either may step down, but not both.
    await patch(owner.session, admin.userId, "owner");
    expect((await patch(owner.session, owner.userId, "admin")).status).toBe(200);
    expect((await remove(admin.session, admin.userId)).status).toBe(409);
    expect(await roleOf(owner, admin.userId)).toBe("owner");
  });

  it("keeps an owner when two owners demote each other at the same moment", async () => {
    const owner = await createTestAccount(db());
    const other = await addTestMember(db(), owner.workspaceId, "owner", "Other");
    const results = await Promise.all([
      patch(owner.session, other.userId, "admin"),
      patch(other.session, owner.userId, "admin"),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // The loser either sees it may no longer manage owners (403) or that one owner is left (409).
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const owners = await db()
      .select()
      .from(members)
      .where(and(eq(members.workspaceId, owner.workspaceId), eq(members.role, "owner")));
    expect(owners).toHaveLength(1);
  });

  it("removes a member: membership gone, access gone, journaled", async () => {
    const owner = await createTestAccount(db());
    const agent = await addTestMember(db(), owner.workspaceId, "agent", "Agent");
    const res = await remove(owner.session, agent.userId);
    expect(res.status).toBe(204);
    expect(await roleOf(owner, agent.userId)).toBeUndefined();
    expect(await kinds(owner)).toContain("member.removed");
    const { GET } = await import("@/app/api/v1/workspace/route");
    expect((await call(GET, "/api/v1/workspace", { headers: agent.session })).status).toBe(404);
    expect((await remove(owner.session, agent.userId)).status).toBe(404);
  });

  it("answers 404 for someone who is not a member, and for a malformed id", async () => {
    const owner = await createTestAccount(db());
    const stranger = await createTestAccount(db(), "Stranger");
    expect((await patch(owner.session, stranger.userId, "agent")).status).toBe(404);
    expect((await patch(owner.session, "not-a-uuid", "agent")).status).toBe(404);
    expect(await kinds(owner)).not.toContain("member.role_changed");
  });
});
