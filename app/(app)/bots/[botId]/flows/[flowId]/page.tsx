import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { getDraft } from "@/lib/flows/draft";

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
  if (!z.uuid().safeParse(flowId).success) notFound();
  // The draft comes with the page: fetched after hydration it cost a second of a 1,000-node
  // flow's time to interactive (docs/performance.md).
  const draft = await getDraft(await getDb(), workspace.id, flowId).catch((err: unknown) => {
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <FlowEditor
      botId={botId}
      flowId={flowId}
      canManage={can(workspace.role, "flows.manage")}
      initialDraft={{ ...draft, updatedAt: draft.updatedAt.toISOString() }}
    />
  );
}
