import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { members, workspaces } from "@/lib/db/schema";
import type { Role } from "@/lib/db/schema/accounts";

export interface Membership {
  workspaceId: string;
  workspaceName: string;
  role: Role;
}

export async function listMemberships(db: Executor, userId: string): Promise<Membership[]> {
  return db
    .select({
      workspaceId: members.workspaceId,
      workspaceName: workspaces.name,
      role: members.role,
    })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt));
}

export async function findMembership(
  db: Executor,
  userId: string,
  workspaceId: string,
): Promise<Membership | null> {
  const [row] = await db
    .select({
      workspaceId: members.workspaceId,
      workspaceName: workspaces.name,
      role: members.role,
    })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(and(eq(members.userId, userId), eq(members.workspaceId, workspaceId)));
  return row ?? null;
}
