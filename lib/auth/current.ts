import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import type { Role } from "@/lib/db/schema/accounts";
import { WORKSPACE_COOKIE } from "@/lib/api/caller";
import { can, type Permission } from "@/lib/auth/permissions";
import { sessionUserFromCookies, type SessionUser } from "@/lib/auth/session";
import { listMemberships, type Membership } from "@/lib/workspaces/membership";

export interface CurrentWorkspace {
  id: string;
  name: string;
  role: Role;
}

export interface CurrentContext {
  user: SessionUser;
  /** Null only when the user belongs to no workspace at all (removed from every one). */
  workspace: CurrentWorkspace | null;
  memberships: Membership[];
}

/**
 * The signed-in user of this request (from next-auth's session cookie), or null. Cached per
 * request: the layout and the page both ask.
 */
export const getCurrentUser = cache(async function getCurrentUser(): Promise<SessionUser | null> {
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  return sessionUserFromCookies(await getDb(), header);
});

/**
 * The user and the workspace they are working in: the switcher's cookie when it names one of
 * their workspaces, else their first membership, exactly as the API resolves it
 * (lib/api/caller.ts), so pages and API calls always agree on the workspace.
 */
export const getCurrentWorkspace = cache(
  async function getCurrentWorkspace(): Promise<CurrentContext | null> {
    const user = await getCurrentUser();
    if (!user) return null;
    const memberships = await listMemberships(await getDb(), user.id);
    const chosen = (await cookies()).get(WORKSPACE_COOKIE)?.value;
    const current = memberships.find((m) => m.workspaceId === chosen) ?? memberships[0];
    return {
      user,
      workspace: current
        ? { id: current.workspaceId, name: current.workspaceName, role: current.role }
        : null,
      memberships,
    };
  },
);

/** Where a member lands when a page is not for their role. */
export function homeFor(role: Role): string {
  return can(role, "bots.read") ? "/bots" : "/inbox";
}

/**
 * The guard every signed-in page calls. Pages guard themselves (not only the layout) because a
 * layout neither knows the URL for the callback nor re-renders on client-side navigation.
 * Without a session it redirects to sign-in and back; without the permission, to the member's
 * home page.
 */
export async function requireWorkspace(
  path: string,
  permission: Permission = "workspace.read",
): Promise<CurrentContext & { workspace: CurrentWorkspace }> {
  const ctx = await getCurrentWorkspace();
  if (!ctx) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  if (!ctx.workspace) redirect("/welcome");
  if (!can(ctx.workspace.role, permission)) redirect(homeFor(ctx.workspace.role));
  return { ...ctx, workspace: ctx.workspace };
}
