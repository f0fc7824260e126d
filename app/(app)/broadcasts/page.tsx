import type { Metadata } from "next";
import { Megaphone } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { requireWorkspace } from "@/lib/auth/current";
import { workspaceHasBot } from "@/components/sections/workspace-has-bot";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("broadcasts") };
}

export default async function BroadcastsPage() {
  const { workspace } = await requireWorkspace("/broadcasts", "workspace.manage");
  return (
    <SectionPlaceholder
      section="broadcasts"
      icon={Megaphone}
      botConnected={await workspaceHasBot(workspace)}
    />
  );
}
