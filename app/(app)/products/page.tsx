import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProductsView } from "@/components/products/products-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("products") };
}

export default async function ProductsPage() {
  await requireWorkspace("/products", "workspace.manage");
  return <ProductsView />;
}
