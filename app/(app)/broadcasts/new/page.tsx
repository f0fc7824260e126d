import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BroadcastCompose } from "@/components/broadcasts/compose";
import { PageHeader } from "@/components/ui/page-header";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("broadcasts"))("new") };
}

export default async function NewBroadcastPage() {
  await requireWorkspace("/broadcasts/new", "broadcasts.manage");
  const t = await getTranslations("broadcasts");
  return (
    <div>
      <PageHeader title={t("new")} description={t("newDescription")} />
      <BroadcastCompose />
    </div>
  );
}
