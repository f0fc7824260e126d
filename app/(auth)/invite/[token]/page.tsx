import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InviteCard } from "@/components/auth/invite-card";
import { WORKSPACE_COOKIE } from "@/lib/api/caller";
import { getCurrentUser } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth.invite"))("title") };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await getCurrentUser();
  return (
    <InviteCard
      token={token}
      user={user ? { name: user.name, email: user.email } : null}
      workspaceCookie={WORKSPACE_COOKIE}
    />
  );
}
