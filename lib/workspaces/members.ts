import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db, Executor, Tx } from "@/lib/db";
import { members, users } from "@/lib/db/schema";
import type { Role } from "@/lib/db/schema/accounts";
import { can } from "@/lib/auth/permissions";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

/** Who is acting, and with which role in this workspace (the owner rules depend on it). */
export interface MemberChangeCaller {
  role: Role;
  actor: Actor;
}

const columns = {
  userId: members.userId,
  name: users.name,
  email: users.email,
  role: members.role,
  joinedAt: members.createdAt,
};

export async function listMembers(db: Executor, workspaceId: string): Promise<MemberRow[]> {
  return db
    .select(columns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.workspaceId, workspaceId))
    .orderBy(asc(members.createdAt), asc(users.name));
}

const LAST_OWNER = "This is the workspace's last owner. Make another member an owner first.";

/**
 * Locks every membership of the workspace, in one order, before deciding anything: two owners
 * demoting each other at the same moment must not both succeed and leave the shop ownerless.
 */
async function lockMemberships(tx: Tx, workspaceId: string) {
  return tx
    .select({ userId: members.userId, role: members.role })
    .from(members)
    .where(eq(members.workspaceId, workspaceId))
    .orderBy(asc(members.userId))
    .for("update");
}

/**
 * The caller's role as of the lock: a person demoted a moment ago must not act with the role
 * they had when the request began. API keys keep the role they were created with.
 */
function currentRole(locked: { userId: string; role: Role }[], caller: MemberChangeCaller): Role {
  if (caller.actor.type !== "user") return caller.role;
  const userId = caller.actor.id;
  const me = locked.find((m) => m.userId === userId);
  if (!me) throw new ApiError("forbidden", "You are no longer a member of this workspace");
  return me.role;
}

/** The owner rules, checked against the locked memberships. `to` is the new role, or removal. */
function assertMayChange(
  locked: { userId: string; role: Role }[],
  caller: MemberChangeCaller,
  target: { role: Role },
  to: Role | "removed",
): void {
  const callerRole = currentRole(locked, caller);
  if (!can(callerRole, "members.manage")) {
    throw new ApiError("forbidden", `Your role (${callerRole}) does not allow this`);
  }
  if ((to === "owner" || target.role === "owner") && !can(callerRole, "owners.manage")) {
    const message =
      to === "owner"
        ? "Only owners can make someone an owner"
        : to === "removed"
          ? "Only owners can remove an owner"
          : "Only owners can change an owner's role";
    throw new ApiError("forbidden", message);
  }
  if (target.role === "owner" && locked.filter((m) => m.role === "owner").length <= 1) {
    throw new ApiError("conflict", LAST_OWNER);
  }
}

async function readMember(db: Executor, workspaceId: string, userId: string): Promise<MemberRow> {
  const [row] = await db
    .select(columns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, workspaceId), eq(members.userId, userId)));
  if (!row) throw notFound("Member");
  return row;
}

export async function changeMemberRole(
  db: Db,
  input: { workspaceId: string; userId: string; role: Role; caller: MemberChangeCaller },
): Promise<MemberRow> {
  const { workspaceId, userId, role, caller } = input;
  return db.transaction(async (tx) => {
    const locked = await lockMemberships(tx, workspaceId);
    const target = locked.find((m) => m.userId === userId);
    if (!target) throw notFound("Member");
    if (target.role === role) return readMember(tx, workspaceId, userId);
    assertMayChange(locked, caller, target, role);
    await tx
      .update(members)
      .set({ role })
      .where(and(eq(members.workspaceId, workspaceId), eq(members.userId, userId)));
    await recordJournal(tx, {
      workspaceId,
      actor: caller.actor,
      kind: "member.role_changed",
      subjectId: userId,
      data: { from: target.role, to: role },
    });
    return readMember(tx, workspaceId, userId);
  });
}

export async function removeMember(
  db: Db,
  input: { workspaceId: string; userId: string; caller: MemberChangeCaller },
): Promise<void> {
  const { workspaceId, userId, caller } = input;
  await db.transaction(async (tx) => {
    const locked = await lockMemberships(tx, workspaceId);
    const target = locked.find((m) => m.userId === userId);
    if (!target) throw notFound("Member");
    assertMayChange(locked, caller, target, "removed");
    const { name, email } = await readMember(tx, workspaceId, userId);
    await tx
      .delete(members)
      .where(and(eq(members.workspaceId, workspaceId), eq(members.userId, userId)));
    await recordJournal(tx, {
      workspaceId,
      actor: caller.actor,
      kind: "member.removed",
      subjectId: userId,
      data: { name, email, role: target.role },
    });
  });
}
