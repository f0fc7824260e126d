import type { Metadata } from "next";
import { ShoppingCart } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { requireWorkspace } from "@/lib/auth/current";
import { workspaceHasBot } from "@/components/sections/workspace-has-bot";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("orders") };
}

export default async function OrdersPage() {
  const { workspace } = await requireWorkspace("/orders", "workspace.manage");
  return (
    <SectionPlaceholder
      section="orders"
      icon={ShoppingCart}
      botConnected={await workspaceHasBot(workspace)}
    />
  );
}
