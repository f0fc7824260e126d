import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BotsView } from "@/components/bots/bots-view";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("bots") };
}

export default async function BotsPage() {
  const { workspace } = await requireWorkspace("/bots", "bots.read");
  return <BotsView canManage={can(workspace.role, "bots.manage")} />;
}
