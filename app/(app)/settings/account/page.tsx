import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireWorkspace } from "@/lib/auth/current";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.nav"))("account") };
}

export default async function AccountPage() {
  const { user } = await requireWorkspace("/settings/account");
  const t = await getTranslations("settings.account");
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>{t("profile.title")}</CardTitle>
          <CardDescription>{t("profile.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">{t("profile.name")}</dt>
              <dd className="mt-1 font-medium text-slate-900">{user.name}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("profile.email")}</dt>
              <dd className="mt-1 font-medium break-all text-slate-900">{user.email}</dd>
            </div>
          </dl>
        </CardContent>
      </Card>
      <ChangePasswordForm email={user.email} />
    </div>
  );
}
