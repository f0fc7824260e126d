import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FlowsView } from "@/components/flows/flows-view";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("flows.list"))("titlePlain") };
}

export default async function FlowsPage({ params }: { params: Promise<{ botId: string }> }) {
  const { botId } = await params;
  const { workspace } = await requireWorkspace(
    `/bots/${encodeURIComponent(botId)}/flows`,
    "flows.read",
  );
  return <FlowsView botId={botId} canManage={can(workspace.role, "flows.manage")} />;
}
