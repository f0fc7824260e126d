"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { bodySchemaOf } from "@/components/api/body-schema";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createMyWorkspace } from "@/lib/api/contracts/account";
import { setCookie } from "./cookies";

const schema = bodySchemaOf(createMyWorkspace);

/** Creates a workspace owned by the user and switches to it. */
export function CreateWorkspaceForm({
  workspaceCookie,
  onCancel,
  onCreated,
}: {
  workspaceCookie: string;
  onCancel?: () => void;
  onCreated?: () => void;
}) {
  const t = useTranslations("nav.workspaces");
  const tc = useTranslations("common");
  const router = useRouter();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const form = useForm({
    resolver: localizedZodResolver(schema, useIssueTranslator()),
    defaultValues: { name: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    try {
      const { workspace } = await api.post<{ workspace: { id: string; name: string } }>(
        createMyWorkspace.path,
        values,
      );
      setCookie(workspaceCookie, workspace.id);
      queryClient.clear();
      toast.success(t("created", { name: workspace.name }));
      form.reset();
      onCreated?.();
      router.push("/");
      router.refresh();
    } catch (err) {
      report(err, { setError: form.setError, fields: ["name"] });
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <Field id="new-workspace-name" label={t("nameLabel")} error={errors.name?.message}>
        {(control) => <Input {...control} autoFocus {...form.register("name")} />}
      </Field>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            {tc("cancel")}
          </Button>
        ) : null}
        <Button type="submit" loading={isSubmitting}>
          {t("create")}
        </Button>
      </div>
    </form>
  );
}
