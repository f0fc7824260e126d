import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { CreateWorkspaceForm } from "@/components/shell/create-workspace-form";
import { WORKSPACE_COOKIE } from "@/lib/api/caller";
import { getCurrentWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth.welcome"))("title") };
}

/** For a user who belongs to no workspace any more (removed from all of them). */
export default async function WelcomePage() {
  const ctx = await getCurrentWorkspace();
  if (!ctx) redirect("/sign-in");
  if (ctx.workspace) redirect("/");
  const t = await getTranslations("auth.welcome");
  return (
    <AuthCard title={t("title")} description={t("text", { name: ctx.user.name })}>
      <CreateWorkspaceForm workspaceCookie={WORKSPACE_COOKIE} />
    </AuthCard>
  );
}
