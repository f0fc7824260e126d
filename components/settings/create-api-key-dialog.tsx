"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { createApiKey, createApiKeyInput } from "@/lib/api/contracts/api-keys";
import type { ApiKeyDto } from "./api-keys-view";
import { RoleSelect } from "./role-select";

const apiKeyRoles = createApiKeyInput.shape.role.unwrap().options;

/**
 * Creates a key, then shows it once: the API stores only its hash, so after this dialog closes
 * nobody can see it again.
 */
export function CreateApiKeyDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("settings.apiKeys.createDialog");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const form = useForm<
    z.input<typeof createApiKeyInput>,
    unknown,
    z.output<typeof createApiKeyInput>
  >({
    resolver: localizedZodResolver(createApiKeyInput, useIssueTranslator()),
    defaultValues: { name: "", role: "admin" },
  });
  const create = useMutation({
    mutationFn: (body: z.output<typeof createApiKeyInput>) =>
      api.post<{ key: string; apiKey: ApiKeyDto }>(createApiKey.path, body),
    onSuccess: ({ key, apiKey }) => {
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] });
      setCreated({ key, name: apiKey.name });
      toast.success(t("created", { name: apiKey.name }));
    },
    onError: (err) => report(err, { setError: form.setError, fields: ["name", "role"] }),
  });

  function close(next: boolean) {
    if (next) return onOpenChange(true);
    onOpenChange(false);
    // Forget the key as soon as the dialog is gone.
    setCreated(null);
    form.reset();
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        onInteractOutside={(e) => {
          // A stray click must not throw away a key that cannot be shown again.
          if (created) e.preventDefault();
        }}
      >
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>{t("revealTitle", { name: created.name })}</DialogTitle>
              <DialogDescription>{t("revealText")}</DialogDescription>
            </DialogHeader>
            <div
              role="alert"
              className="mb-4 flex gap-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
            >
              <AlertTriangle className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
              <p>{t("onceWarning")}</p>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="new-api-key">{t("keyLabel")}</Label>
              <div className="flex flex-col gap-2 sm:flex-row">
                <Input
                  id="new-api-key"
                  readOnly
                  value={created.key}
                  className="font-mono text-xs"
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton value={created.key} />
              </div>
            </div>
            <DialogFooter>
              <Button onClick={() => close(false)}>{t("done")}</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={form.handleSubmit((values) => create.mutate(values))} noValidate>
            <DialogHeader>
              <DialogTitle>{t("title")}</DialogTitle>
              <DialogDescription>{t("description")}</DialogDescription>
            </DialogHeader>
            <div className="space-y-4">
              <Field
                id="api-key-name"
                label={t("name")}
                hint={t("nameHint")}
                error={form.formState.errors.name?.message}
              >
                {(control) => <Input {...control} autoFocus {...form.register("name")} />}
              </Field>
              <Field
                id="api-key-role"
                label={t("role")}
                hint={t("roleHint")}
                error={form.formState.errors.role?.message}
              >
                {(control) => (
                  <Controller
                    control={form.control}
                    name="role"
                    render={({ field }) => (
                      <RoleSelect
                        control={control}
                        value={field.value ?? "admin"}
                        onChange={field.onChange}
                        roles={apiKeyRoles}
                      />
                    )}
                  />
                )}
              </Field>
            </div>
            <DialogFooter>
              <Button variant="secondary" onClick={() => close(false)}>
                {tc("cancel")}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t("submit")}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
