"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
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
import { createWebhookEndpoint, updateWebhookEndpoint } from "@/lib/api/contracts/webhooks";
import { webhookEvents } from "@/lib/webhooks/events";
import { webhookEndpointInput } from "@/lib/webhooks/input";
import type { WebhookEndpointDto } from "@/lib/webhooks/dto";

export const webhooksKey = ["webhooks"] as const;

type Input = z.input<typeof webhookEndpointInput>;
type Output = z.output<typeof webhookEndpointInput>;

/**
 * Adds an endpoint (then shows its signing secret once: it is stored encrypted and never
 * returned again) or edits one.
 */
export function EndpointDialog({
  open,
  onOpenChange,
  endpoint,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The endpoint to edit; none to add one. */
  endpoint?: WebhookEndpointDto | null;
}) {
  const t = useTranslations("webhooks.dialog");
  const te = useTranslations("webhooks.events");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<Input, unknown, Output>({
    resolver: localizedZodResolver(webhookEndpointInput, useIssueTranslator()),
    defaultValues: { url: "", description: "", events: [] },
  });
  useEffect(() => {
    if (open)
      form.reset({
        url: endpoint?.url ?? "",
        description: endpoint?.description ?? "",
        events: endpoint?.events ?? ["order.paid"],
      });
  }, [open, endpoint, form]);

  const save = useMutation({
    mutationFn: (body: Output): Promise<{ endpoint: WebhookEndpointDto; secret: string | null }> =>
      endpoint
        ? api
            .patch<{
              endpoint: WebhookEndpointDto;
            }>(updateWebhookEndpoint.path.replace("{id}", endpoint.id), body)
            .then((r) => ({ ...r, secret: null }))
        : api.post<{ endpoint: WebhookEndpointDto; secret: string }>(
            createWebhookEndpoint.path,
            body,
          ),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: webhooksKey });
      if (result.secret) {
        setSecret(result.secret);
        toast.success(t("created"));
      } else {
        toast.success(t("saved"));
        onOpenChange(false);
      }
    },
    onError: (err) =>
      report(err, { setError: form.setError, fields: ["url", "description", "events"] }),
  });

  function close(next: boolean) {
    if (next) return onOpenChange(true);
    onOpenChange(false);
    setSecret(null);
  }

  const chosen = useWatch({ control: form.control, name: "events" }) ?? [];

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        className="sm:max-w-xl"
        onInteractOutside={(e) => {
          // A stray click must not throw away a secret that cannot be shown again.
          if (secret) e.preventDefault();
        }}
      >
        {secret ? (
          <>
            <DialogHeader>
              <DialogTitle>{t("secretTitle")}</DialogTitle>
              <DialogDescription>{t("secretText")}</DialogDescription>
            </DialogHeader>
            <div
              role="alert"
              className="mb-4 flex gap-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
            >
              <AlertTriangle className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
              <p>{t("onceWarning")}</p>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="webhook-secret">{t("secretLabel")}</Label>
              <div className="flex flex-col gap-2 sm:flex-row">
                <Input
                  id="webhook-secret"
                  readOnly
                  value={secret}
                  className="font-mono text-xs"
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton value={secret} />
              </div>
              <p className="text-xs text-slate-500">{t("secretHint")}</p>
            </div>
            <DialogFooter>
              <Button onClick={() => close(false)}>{t("done")}</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={form.handleSubmit((values) => save.mutate(values))} noValidate>
            <DialogHeader>
              <DialogTitle>{endpoint ? t("editTitle") : t("createTitle")}</DialogTitle>
              <DialogDescription>{t("description")}</DialogDescription>
            </DialogHeader>
            <div className="space-y-4">
              <Field
                id="webhook-url"
                label={t("url")}
                hint={t("urlHint")}
                error={form.formState.errors.url?.message}
              >
                {(control) => (
                  <Input
                    {...control}
                    type="url"
                    inputMode="url"
                    placeholder="https://erp.example.com/botshop"
                    autoFocus
                    {...form.register("url")}
                  />
                )}
              </Field>
              <Field
                id="webhook-description"
                label={t("descriptionLabel")}
                error={form.formState.errors.description?.message}
              >
                {(control) => (
                  <Input
                    {...control}
                    placeholder={t("descriptionPlaceholder")}
                    {...form.register("description")}
                  />
                )}
              </Field>
              <fieldset aria-describedby="webhook-events-error">
                <legend className="mb-2 text-sm font-medium text-slate-800">
                  {t("eventsLabel")}
                </legend>
                <div className="grid gap-2 sm:grid-cols-2">
                  {webhookEvents.map((event) => (
                    <label
                      key={event}
                      className="flex cursor-pointer gap-2.5 rounded-md border border-slate-200 p-2.5 hover:bg-slate-50 has-[:checked]:border-brand-300 has-[:checked]:bg-brand-50/50"
                    >
                      <input
                        type="checkbox"
                        value={event}
                        className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-brand-600"
                        {...form.register("events")}
                      />
                      <span>
                        <code className="block font-mono text-xs font-medium text-slate-900">
                          {event}
                        </code>
                        <span className="text-xs text-slate-500">
                          {/* Catalogue keys cannot hold dots: order.paid → order_paid. */}
                          {te(event.replace(".", "_"))}
                        </span>
                      </span>
                    </label>
                  ))}
                </div>
                <div className="mt-2 flex items-center justify-between text-xs">
                  <span className="text-slate-500">
                    {t("chosen", { count: chosen.length, total: webhookEvents.length })}
                  </span>
                  <button
                    type="button"
                    className="font-medium text-brand-600 hover:underline"
                    onClick={() =>
                      form.setValue(
                        "events",
                        chosen.length === webhookEvents.length ? [] : [...webhookEvents],
                        { shouldValidate: form.formState.isSubmitted },
                      )
                    }
                  >
                    {chosen.length === webhookEvents.length ? t("none") : t("all")}
                  </button>
                </div>
                {form.formState.errors.events ? (
                  <p
                    id="webhook-events-error"
                    role="alert"
                    className="mt-1 text-xs font-medium text-red-600"
                  >
                    {form.formState.errors.events.message ?? t("eventsRequired")}
                  </p>
                ) : null}
              </fieldset>
            </div>
            <DialogFooter>
              <Button variant="secondary" onClick={() => close(false)}>
                {tc("cancel")}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {endpoint ? tc("save") : t("submit")}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
