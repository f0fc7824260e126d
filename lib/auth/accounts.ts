import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { members, users, workspaces } from "@/lib/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";
import type { SignUpInput } from "./schemas";

export interface CreatedAccount {
  userId: string;
  workspaceId: string;
}

/** Sign-up: a user, their first workspace, and the user as its owner, in one transaction. */
export async function createAccount(db: Db, input: SignUpInput): Promise<CreatedAccount> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`);
    if (existing) throw new ApiError("conflict", "An account with this email already exists");
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash })
      .returning({ id: users.id });
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: input.workspaceName })
      .returning({ id: workspaces.id });
    if (!user || !workspace) throw new Error("createAccount: insert returned no row");
    await tx.insert(members).values({ workspaceId: workspace.id, userId: user.id, role: "owner" });
    await recordJournal(tx, {
      workspaceId: workspace.id,
      actor: { type: "user", id: user.id },
      kind: "workspace.created",
      subjectId: workspace.id,
      data: { name: input.workspaceName, ownerEmail: input.email },
    });
    return { userId: user.id, workspaceId: workspace.id };
  });
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  passwordChangedAt: Date;
}

/** Checks an email and password; the same time is spent whether or not the email exists. */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
): Promise<AuthenticatedUser | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    passwordChangedAt: user.passwordChangedAt,
  };
}

/** Changing the password ends every other session (they carry the old change time). */
export async function changePassword(
  db: Db,
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new ApiError("unprocessable_entity", "The current password is not correct", {
      details: [{ path: "currentPassword", message: "The current password is not correct" }],
    });
  }
  await setPassword(db, userId, newPassword, {
    actor: { type: "user", id: userId },
    kind: "user.password_changed",
  });
}

/**
 * Sets a new password and a new change time, which ends every session issued before it;
 * journaled in each of the user's workspaces.
 */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
  journalAs: { actor: Actor; kind: string; data?: Record<string, unknown> },
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date() })
      .where(eq(users.id, userId));
    const memberships = await tx
      .select({ workspaceId: members.workspaceId })
      .from(members)
      .where(eq(members.userId, userId));
    for (const m of memberships) {
      await recordJournal(tx, { workspaceId: m.workspaceId, subjectId: userId, ...journalAs });
    }
  });
}
