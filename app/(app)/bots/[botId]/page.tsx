import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BotView } from "@/components/bots/bot-view";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("bots.page"))("titlePlain") };
}

export default async function BotPage({ params }: { params: Promise<{ botId: string }> }) {
  const { botId } = await params;
  const { workspace } = await requireWorkspace(`/bots/${encodeURIComponent(botId)}`, "bots.read");
  return <BotView botId={botId} canManage={can(workspace.role, "bots.manage")} />;
}
