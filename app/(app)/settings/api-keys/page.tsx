import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApiKeysView } from "@/components/settings/api-keys-view";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.nav"))("apiKeys") };
}

export default async function ApiKeysPage() {
  await requireWorkspace("/settings/api-keys", "apiKeys.manage");
  return <ApiKeysView />;
}
