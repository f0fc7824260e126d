"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
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
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import {
  getWorkspace,
  updateWorkspace,
  updateWorkspaceInput,
  type workspaceSchema,
} from "@/lib/api/contracts/workspace";

type Workspace = z.infer<typeof workspaceSchema>;
const workspaceKey = ["workspace"] as const;

export function WorkspaceForm() {
  const t = useTranslations("settings.general");
  const tc = useTranslations("common");
  const router = useRouter();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const workspace = useQuery({
    queryKey: workspaceKey,
    queryFn: ({ signal }) =>
      api
        .get<{ workspace: Workspace }>(getWorkspace.path, undefined, signal)
        .then((r) => r.workspace),
  });
  const form = useForm({
    resolver: localizedZodResolver(updateWorkspaceInput, useIssueTranslator()),
    values: { name: workspace.data?.name ?? "" },
  });
  const save = useMutation({
    mutationFn: (body: z.output<typeof updateWorkspaceInput>) =>
      api.patch<{ workspace: Workspace }>(updateWorkspace.path, body),
    onSuccess: ({ workspace: saved }) => {
      queryClient.setQueryData(workspaceKey, saved);
      toast.success(t("saved"));
      // The sidebar's switcher shows the name; it is rendered on the server.
      router.refresh();
    },
    onError: (err) => report(err, { setError: form.setError, fields: ["name"] }),
  });

  return (
    <Card>
      <form onSubmit={form.handleSubmit((values) => save.mutate(values))} noValidate>
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
        </CardHeader>
        <CardContent>
          {workspace.isPending ? (
            <div role="status" aria-label={tc("loading")} className="max-w-md space-y-2">
              <Skeleton className="h-4 w-24" />
              <Skeleton className="h-9 w-full" />
            </div>
          ) : workspace.isError ? (
            <ErrorState onRetry={() => void workspace.refetch()} />
          ) : (
            <Field
              id="workspace-name"
              label={t("name")}
              error={form.formState.errors.name?.message}
              className="max-w-md"
            >
              {(control) => <Input {...control} {...form.register("name")} />}
            </Field>
          )}
        </CardContent>
        <CardFooter>
          <Button
            type="submit"
            loading={save.isPending}
            disabled={!workspace.isSuccess || !form.formState.isDirty}
          >
            {tc("save")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
