import type { Metadata } from "next";
import { ShoppingCart } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("orders") };
}

export default async function OrdersPage() {
  const { workspace } = await requireWorkspace("/orders", "workspace.manage");
  return (
    <SectionPlaceholder
      section="orders"
      icon={ShoppingCart}
      firstStep={can(workspace.role, "bots.read") ? { href: "/bots", label: "addBot" } : undefined}
    />
  );
}
