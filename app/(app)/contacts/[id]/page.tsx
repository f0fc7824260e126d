import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ContactView } from "@/components/contacts/contact-view";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("contacts") };
}

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workspace } = await requireWorkspace(`/contacts/${id}`, "contacts.read");
  return (
    <ContactView
      id={id}
      canEdit={can(workspace.role, "contacts.edit")}
      canManage={can(workspace.role, "contacts.manage")}
    />
  );
}
