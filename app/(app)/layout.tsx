import { AppShell } from "@/components/shell/app-shell";
import { WORKSPACE_COOKIE } from "@/lib/api/caller";
import { getCurrentWorkspace } from "@/lib/auth/current";

/**
 * The signed-in frame. Without a session or a workspace it renders the page bare: every page
 * calls requireWorkspace(path), which redirects to /sign-in?callbackUrl=<that page> (the layout
 * cannot: it does not know the URL, and it does not re-render on client-side navigation).
 */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const ctx = await getCurrentWorkspace();
  if (!ctx?.workspace) return children;
  return (
    <AppShell
      user={{ name: ctx.user.name, email: ctx.user.email }}
      workspace={ctx.workspace}
      workspaces={ctx.memberships.map((m) => ({
        id: m.workspaceId,
        name: m.workspaceName,
        role: m.role,
      }))}
      workspaceCookie={WORKSPACE_COOKIE}
    >
      {children}
    </AppShell>
  );
}
