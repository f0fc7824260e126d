"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { bodySchemaOf } from "@/components/api/body-schema";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { signUp } from "@/lib/api/contracts/account";
import { AuthCard } from "./auth-card";
import { withCallback } from "./callback-url";

const schema = bodySchemaOf(signUp);
const fields = ["name", "email", "password", "workspaceName"] as const;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("auth.signUp");
  const ta = useTranslations("auth");
  const router = useRouter();
  const report = useReportApiError();
  const form = useForm({
    resolver: localizedZodResolver(schema, useIssueTranslator()),
    defaultValues: { name: "", email: "", password: "", workspaceName: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    try {
      await api.post(signUp.path, values);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === "conflict") {
        form.setError("email", { type: "server", message: t("emailTaken") });
        return;
      }
      report(err, { setError: form.setError, fields });
      return;
    }
    const res = await signIn("credentials", {
      redirect: false,
      email: values.email,
      password: values.password,
    });
    if (!res?.ok || res.error) {
      // The account exists; only the automatic sign-in failed (a rate limit, say).
      toast.error(t("signInAfterFailed"));
      router.replace(withCallback("/sign-in", callbackUrl));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
    await new Promise(() => {});
  });

  return (
    <AuthCard
      title={t("title")}
      description={t("description")}
      footer={
        <>
          {t("haveAccount")}{" "}
          <Link
            href={withCallback("/sign-in", callbackUrl)}
            className="font-medium text-brand-600 hover:underline"
          >
            {t("signInLink")}
          </Link>
        </>
      }
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field id="name" label={ta("fields.name")} error={errors.name?.message}>
          {(control) => (
            <Input {...control} autoComplete="name" autoFocus {...form.register("name")} />
          )}
        </Field>
        <Field id="email" label={ta("fields.email")} error={errors.email?.message}>
          {(control) => (
            <Input {...control} type="email" autoComplete="email" {...form.register("email")} />
          )}
        </Field>
        <Field
          id="password"
          label={ta("fields.password")}
          hint={ta("passwordHint")}
          error={errors.password?.message}
        >
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="new-password"
              {...form.register("password")}
            />
          )}
        </Field>
        <Field
          id="workspaceName"
          label={ta("fields.workspaceName")}
          hint={t("workspaceHint")}
          error={errors.workspaceName?.message}
        >
          {(control) => (
            <Input {...control} autoComplete="organization" {...form.register("workspaceName")} />
          )}
        </Field>
        <Button type="submit" className="w-full" size="lg" loading={isSubmitting}>
          {t("submit")}
        </Button>
      </form>
    </AuthCard>
  );
}
