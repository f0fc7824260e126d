import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AlertsView } from "@/components/alerts/alerts-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.nav"))("alerts") };
}

export default async function AlertsPage() {
  await requireWorkspace("/settings/alerts", "workspace.manage");
  return <AlertsView />;
}
