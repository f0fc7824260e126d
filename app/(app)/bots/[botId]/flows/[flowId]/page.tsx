import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { draftUrl } from "@/components/flow-editor/draft-api";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { requireWorkspace } from "@/lib/auth/current";
import { preload } from "react-dom";
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
  // The browser fetches the draft while the editor's code loads; the editor's own request for
  // it (same URL, same credentials) is then answered from that preload.
  preload(draftUrl(flowId), { as: "fetch", crossOrigin: "anonymous" });
  return (
    <FlowEditor botId={botId} flowId={flowId} canManage={can(workspace.role, "flows.manage")} />
  );
}
