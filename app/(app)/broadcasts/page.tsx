import type { Metadata } from "next";
import { Megaphone } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("broadcasts") };
}

export default async function BroadcastsPage() {
  const { workspace } = await requireWorkspace("/broadcasts", "workspace.manage");
  return (
    <SectionPlaceholder
      section="broadcasts"
      icon={Megaphone}
      firstStep={can(workspace.role, "bots.read") ? { href: "/bots", label: "addBot" } : undefined}
    />
  );
}
