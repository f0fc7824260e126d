import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("flows.editor"))("title") };
}

export default async function FlowEditorPage({
  params,
}: {
  params: Promise<{ botId: string; flowId: string }>;
}) {
  const { botId, flowId } = await params;
  const { workspace } = await requireWorkspace(
    `/bots/${encodeURIComponent(botId)}/flows/${encodeURIComponent(flowId)}`,
    "flows.read",
  );
  return (
    <FlowEditor botId={botId} flowId={flowId} canManage={can(workspace.role, "flows.manage")} />
  );
}
