import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WebhooksView } from "@/components/webhooks/webhooks-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.nav"))("webhooks") };
}

export default async function WebhooksPage() {
  await requireWorkspace("/settings/webhooks", "webhooks.manage");
  return <WebhooksView />;
}
