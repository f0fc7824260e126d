import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { AnalyticsView } from "@/components/analytics/analytics-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("analytics") };
}

export default async function AnalyticsPage() {
  await requireWorkspace("/analytics", "journal.read");
  return (
    <Suspense>
      <AnalyticsView />
    </Suspense>
  );
}
