import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BroadcastsView } from "@/components/broadcasts/broadcasts-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("broadcasts") };
}

export default async function BroadcastsPage() {
  await requireWorkspace("/broadcasts", "broadcasts.manage");
  return <BroadcastsView />;
}
