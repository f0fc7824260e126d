import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { OrderView } from "@/components/orders/order-view";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("orders") };
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workspace } = await requireWorkspace(`/orders/${id}`, "journal.read");
  return <OrderView id={id} canRefund={can(workspace.role, "workspace.manage")} />;
}
