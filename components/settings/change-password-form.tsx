"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { bodySchemaOf } from "@/components/api/body-schema";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { changePassword, listMyWorkspaces } from "@/lib/api/contracts/account";

const schema = bodySchemaOf(changePassword);

/** Whether this browser's session survived the change (the API may renew it). */
async function sessionStillValid(): Promise<boolean> {
  try {
    await api.get(listMyWorkspaces.path);
    return true;
  } catch {
    return false;
  }
}

async function signInAgain(email: string, password: string): Promise<boolean> {
  const res = await signIn("credentials", { redirect: false, email, password });
  return !!res?.ok && !res.error;
}

/**
 * Changing the password ends every other session (sessions carry the time of the last
 * change). If this one ended too, the form signs in again with the new password.
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const t = useTranslations("settings.account.password");
  const report = useReportApiError();
  const router = useRouter();
  const form = useForm({
    resolver: localizedZodResolver(schema, useIssueTranslator()),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    try {
      await api.post(changePassword.path, values);
    } catch (err) {
      // The API names the field; the message comes from our catalogue, in the user's language.
      if (err instanceof ApiRequestError && err.details.some((d) => d.path === "currentPassword")) {
        form.setError("currentPassword", { type: "server", message: t("wrongCurrent") });
        return;
      }
      report(err, { setError: form.setError, fields: ["currentPassword", "newPassword"] });
      return;
    }
    form.reset();
    if (!(await sessionStillValid()) && !(await signInAgain(email, values.newPassword))) {
      toast.success(t("changedSignInAgain"));
      router.replace(`/sign-in?callbackUrl=${encodeURIComponent("/settings/account")}`);
      router.refresh();
      return;
    }
    toast.success(t("changed"));
  });

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
        </CardHeader>
        <CardContent className="max-w-md space-y-4">
          {/* Lets password managers pair the new password with the account. */}
          <input type="email" autoComplete="username" value={email} readOnly hidden />
          <Field id="current-password" label={t("current")} error={errors.currentPassword?.message}>
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="current-password"
                {...form.register("currentPassword")}
              />
            )}
          </Field>
          <Field
            id="new-password"
            label={t("new")}
            hint={t("newHint")}
            error={errors.newPassword?.message}
          >
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="new-password"
                {...form.register("newPassword")}
              />
            )}
          </Field>
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={isSubmitting}>
            {t("submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
