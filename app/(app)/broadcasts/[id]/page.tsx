import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BroadcastView } from "@/components/broadcasts/broadcast-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("broadcasts") };
}

export default async function BroadcastPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireWorkspace(`/broadcasts/${id}`, "broadcasts.manage");
  return <BroadcastView id={id} />;
}
