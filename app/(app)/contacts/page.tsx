import type { Metadata } from "next";
import { Users } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SectionPlaceholder } from "@/components/sections/section-placeholder";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("contacts") };
}

export default async function ContactsPage() {
  const { workspace } = await requireWorkspace("/contacts", "contacts.read");
  return (
    <SectionPlaceholder
      section="contacts"
      icon={Users}
      firstStep={can(workspace.role, "bots.read") ? { href: "/bots", label: "addBot" } : undefined}
    />
  );
}
