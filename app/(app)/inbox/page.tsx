import type { Metadata } from "next";
import { Inbox } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("inbox") };
}

export default async function InboxPage() {
  const { workspace } = await requireWorkspace("/inbox", "inbox.use");
  return (
    <SectionPlaceholder
      section="inbox"
      icon={Inbox}
      firstStep={can(workspace.role, "bots.read") ? { href: "/bots", label: "addBot" } : undefined}
    />
  );
}
