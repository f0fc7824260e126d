import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ContactsView } from "@/components/contacts/contacts-view";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("contacts") };
}

export default async function ContactsPage() {
  const { workspace } = await requireWorkspace("/contacts", "contacts.read");
  return (
    <Suspense>
      <ContactsView canManage={can(workspace.role, "contacts.manage")} />
    </Suspense>
  );
}
