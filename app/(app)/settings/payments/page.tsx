import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PaymentSettingsView } from "@/components/payments/payment-settings-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payments"))("title") };
}

export default async function PaymentSettingsPage() {
  await requireWorkspace("/settings/payments", "workspace.manage");
  return <PaymentSettingsView />;
}
