import type { Metadata } from "next";
import { Inbox } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { requireWorkspace } from "@/lib/auth/current";
import { workspaceHasBot } from "@/components/sections/workspace-has-bot";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("inbox") };
}

export default async function InboxPage() {
  const { workspace } = await requireWorkspace("/inbox", "inbox.use");
  return (
    <SectionPlaceholder
      section="inbox"
      icon={Inbox}
      botConnected={await workspaceHasBot(workspace)}
    />
  );
}
