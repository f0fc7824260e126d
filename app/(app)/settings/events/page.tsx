import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EventTypesView } from "@/components/event-types/event-types-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.nav"))("events") };
}

export default async function EventsSettingsPage() {
  await requireWorkspace("/settings/events", "events.manage");
  return <EventTypesView />;
}
