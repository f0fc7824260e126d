import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DeliveriesView } from "@/components/webhooks/deliveries-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks.log"))("title") };
}

export default async function WebhookDeliveriesPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  await requireWorkspace(`/settings/webhooks/${id}`, "webhooks.manage");
  return <DeliveriesView endpointId={id} />;
}
