import { getTranslations } from "next-intl/server";
import { SettingsNav, type SettingsTab } from "@/components/settings/settings-nav";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const ctx = await getCurrentWorkspace();
  // Pages redirect a visitor without a workspace (requireWorkspace); render nothing around them.
  if (!ctx?.workspace) return children;
  const t = await getTranslations("settings");
  const role = ctx.workspace.role;
  const tabs: SettingsTab[] = [
    ...(can(role, "workspace.manage") ? (["general"] as const) : []),
    ...(can(role, "members.read") ? (["members"] as const) : []),
    ...(can(role, "apiKeys.manage") ? (["apiKeys"] as const) : []),
    ...(can(role, "workspace.manage") ? (["payments"] as const) : []),
    ...(can(role, "events.manage") ? (["events"] as const) : []),
    ...(can(role, "webhooks.manage") ? (["webhooks"] as const) : []),
    ...(can(role, "workspace.manage") ? (["alerts"] as const) : []),
    "account",
  ];
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} className="mb-4" />
      <SettingsNav tabs={tabs} />
      {children}
    </>
  );
}
