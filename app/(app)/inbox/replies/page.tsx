import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CannedRepliesView } from "@/components/inbox/canned-replies-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("inbox.replies"))("title") };
}

export default async function CannedRepliesPage() {
  await requireWorkspace("/inbox/replies", "inbox.manage");
  return <CannedRepliesView />;
}
