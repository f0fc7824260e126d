import type { Metadata } from "next";
import { Users } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { requireWorkspace } from "@/lib/auth/current";
import { workspaceHasBot } from "@/components/sections/workspace-has-bot";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("contacts") };
}

export default async function ContactsPage() {
  const { workspace } = await requireWorkspace("/contacts", "contacts.read");
  return (
    <SectionPlaceholder
      section="contacts"
      icon={Users}
      botConnected={await workspaceHasBot(workspace)}
    />
  );
}
