import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { WorkspaceForm } from "@/components/settings/workspace-form";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function WorkspaceSettingsPage() {
  const { workspace } = await requireWorkspace("/settings");
  // Agents have settings too: their own account.
  if (!can(workspace.role, "workspace.manage")) redirect("/settings/account");
  return <WorkspaceForm />;
}
