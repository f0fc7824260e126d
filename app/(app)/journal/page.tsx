import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { JournalView } from "@/components/journal/journal-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("journal") };
}

export default async function JournalPage() {
  await requireWorkspace("/journal", "journal.read");
  return (
    <Suspense>
      <JournalView />
    </Suspense>
  );
}
