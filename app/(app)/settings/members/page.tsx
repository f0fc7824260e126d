import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InvitesSection } from "@/components/settings/invites-section";
import { MembersView } from "@/components/settings/members-view";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.nav"))("members") };
}

export default async function MembersPage() {
  const { user, workspace } = await requireWorkspace("/settings/members", "members.read");
  const canManage = can(workspace.role, "members.manage");
  const canManageOwners = can(workspace.role, "owners.manage");
  return (
    <div className="space-y-6">
      <MembersView
        currentUserId={user.id}
        canManage={canManage}
        canManageOwners={canManageOwners}
      />
      {canManage ? <InvitesSection canInviteOwners={canManageOwners} /> : null}
    </div>
  );
}
