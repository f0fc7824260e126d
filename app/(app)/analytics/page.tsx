import type { Metadata } from "next";
import { BarChart3 } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { requireWorkspace } from "@/lib/auth/current";
import { workspaceHasBot } from "@/components/sections/workspace-has-bot";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("analytics") };
}

export default async function AnalyticsPage() {
  const { workspace } = await requireWorkspace("/analytics", "workspace.manage");
  return (
    <SectionPlaceholder
      section="analytics"
      icon={BarChart3}
      botConnected={await workspaceHasBot(workspace)}
    />
  );
}
