"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { signInInput } from "@/lib/auth/schemas";
import { AuthCard, FormAlert } from "./auth-card";
import { withCallback } from "./callback-url";

/** next-auth's error for a throttled sign-in (lib/auth/next-auth.ts SIGN_IN_RATE_LIMITED). */
const RATE_LIMITED = "rate_limited";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("auth.signIn");
  const ta = useTranslations("auth");
  const router = useRouter();
  const [failure, setFailure] = useState<"credentials" | "rateLimited" | "unknown" | null>(null);
  const form = useForm({
    resolver: localizedZodResolver(signInInput, useIssueTranslator()),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ email, password }) => {
    setFailure(null);
    const res = await signIn("credentials", { redirect: false, email, password });
    if (res?.ok && !res.error) {
      router.replace(callbackUrl);
      router.refresh();
      // Keep the button busy until the next page replaces this one.
      await new Promise(() => {});
      return;
    }
    setFailure(
      res?.error === RATE_LIMITED
        ? "rateLimited"
        : res?.error === "CredentialsSignin"
          ? "credentials"
          : "unknown",
    );
  });

  return (
    <AuthCard
      title={t("title")}
      description={t("description")}
      footer={
        <>
          {t("noAccount")}{" "}
          <Link
            href={withCallback("/sign-up", callbackUrl)}
            className="font-medium text-brand-600 hover:underline"
          >
            {t("signUpLink")}
          </Link>
        </>
      }
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {failure ? <FormAlert>{t(`errors.${failure}`)}</FormAlert> : null}
        <Field id="email" label={ta("fields.email")} error={errors.email?.message}>
          {(control) => (
            <Input
              {...control}
              type="email"
              autoComplete="email"
              autoFocus
              {...form.register("email")}
            />
          )}
        </Field>
        <Field id="password" label={ta("fields.password")} error={errors.password?.message}>
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="current-password"
              {...form.register("password")}
            />
          )}
        </Field>
        <Button type="submit" className="w-full" size="lg" loading={isSubmitting}>
          {t("submit")}
        </Button>
      </form>
    </AuthCard>
  );
}
