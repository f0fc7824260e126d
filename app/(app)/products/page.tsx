import type { Metadata } from "next";
import { Package } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { requireWorkspace } from "@/lib/auth/current";
import { workspaceHasBot } from "@/components/sections/workspace-has-bot";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("products") };
}

export default async function ProductsPage() {
  const { workspace } = await requireWorkspace("/products", "workspace.manage");
  return (
    <SectionPlaceholder
      section="products"
      icon={Package}
      botConnected={await workspaceHasBot(workspace)}
    />
  );
}
