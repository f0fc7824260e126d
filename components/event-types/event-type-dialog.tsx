"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { Controller, useFieldArray, useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
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
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { createEventType, updateEventType, type eventTypeSchema } from "@/lib/api/contracts/events";
import { eventFieldSchema, eventTypeInputSchema } from "@/lib/events/types";

export type EventTypeDto = z.infer<typeof eventTypeSchema>;
export const eventTypesKey = ["event-types"] as const;
const fieldTypes = eventFieldSchema.shape.type.options;

type Input = z.input<typeof eventTypeInputSchema>;
type Output = z.output<typeof eventTypeInputSchema>;

/**
 * Declares an event type or changes one: its name (fixed once created: flows start on it), a
 * description, and the fields whose shape every incoming event is checked against.
 */
export function EventTypeDialog({
  open,
  onOpenChange,
  eventType,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  eventType?: EventTypeDto | null;
}) {
  const t = useTranslations("eventTypes.dialog");
  const tt = useTranslations("eventTypes.fieldTypes");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const form = useForm<Input, unknown, Output>({
    resolver: localizedZodResolver(eventTypeInputSchema, useIssueTranslator()),
    defaultValues: { name: "", description: "", fields: [] },
  });
  const fields = useFieldArray({ control: form.control, name: "fields" });
  useEffect(() => {
    if (open)
      form.reset({
        name: eventType?.name ?? "",
        description: eventType?.description ?? "",
        fields: eventType?.fields ?? [{ name: "", type: "string", required: true }],
      });
  }, [open, eventType, form]);

  const save = useMutation({
    mutationFn: (body: Output) =>
      eventType
        ? api.patch<{ eventType: EventTypeDto }>(
            updateEventType.path.replace("{id}", eventType.id),
            { description: body.description, fields: body.fields },
          )
        : api.post<{ eventType: EventTypeDto }>(createEventType.path, body),
    onSuccess: ({ eventType: saved }) => {
      void queryClient.invalidateQueries({ queryKey: eventTypesKey });
      toast.success(
        eventType ? t("saved", { name: saved.name }) : t("created", { name: saved.name }),
      );
      onOpenChange(false);
    },
    onError: (err) =>
      report(err, {
        setError: form.setError,
        fields: ["name", "description", "fields"],
      }),
  });
  const errors = form.formState.errors;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl">
        <form onSubmit={form.handleSubmit((values) => save.mutate(values))} noValidate>
          <DialogHeader>
            <DialogTitle>
              {eventType ? t("editTitle", { name: eventType.name }) : t("createTitle")}
            </DialogTitle>
            <DialogDescription>{t("description")}</DialogDescription>
          </DialogHeader>
          <div className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                id="event-type-name"
                label={t("name")}
                hint={eventType ? t("nameFixed") : t("nameHint")}
                error={errors.name?.message}
              >
                {(control) => (
                  <Input
                    {...control}
                    className="font-mono"
                    placeholder="payout.credited"
                    readOnly={!!eventType}
                    autoFocus={!eventType}
                    {...form.register("name")}
                  />
                )}
              </Field>
              <Field
                id="event-type-description"
                label={t("descriptionLabel")}
                error={errors.description?.message}
              >
                {(control) => (
                  <Input
                    {...control}
                    placeholder={t("descriptionPlaceholder")}
                    {...form.register("description")}
                  />
                )}
              </Field>
            </div>
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-800">{t("fields")}</legend>
              <p className="mb-3 text-xs text-slate-500">{t("fieldsHint")}</p>
              {fields.fields.length ? (
                <div className="space-y-2">
                  <div className="hidden grid-cols-[1fr_10rem_6rem_2.25rem] gap-2 px-0.5 text-xs font-medium text-slate-500 sm:grid">
                    <span>{t("fieldName")}</span>
                    <span>{t("fieldType")}</span>
                    <span>{t("fieldRequired")}</span>
                    <span />
                  </div>
                  {fields.fields.map((f, i) => {
                    const error = errors.fields?.[i];
                    return (
                      <div key={f.id}>
                        <div className="grid grid-cols-[1fr_auto] gap-2 sm:grid-cols-[1fr_10rem_6rem_2.25rem] sm:items-center">
                          <Input
                            aria-label={t("fieldNameOf", { n: i + 1 })}
                            aria-invalid={error?.name ? true : undefined}
                            className="col-span-2 font-mono sm:col-span-1"
                            placeholder="amount"
                            {...form.register(`fields.${i}.name`)}
                          />
                          <Controller
                            control={form.control}
                            name={`fields.${i}.type`}
                            render={({ field }) => (
                              <Select value={field.value} onValueChange={field.onChange}>
                                <SelectTrigger aria-label={t("fieldTypeOf", { n: i + 1 })}>
                                  <SelectValue />
                                </SelectTrigger>
                                <SelectContent>
                                  {fieldTypes.map((type) => (
                                    <SelectItem key={type} value={type}>
                                      {tt(type)}
                                    </SelectItem>
                                  ))}
                                </SelectContent>
                              </Select>
                            )}
                          />
                          <label className="flex items-center gap-2 text-sm text-slate-700 sm:justify-center">
                            <input
                              type="checkbox"
                              className="size-4 rounded border-slate-300 accent-brand-600"
                              {...form.register(`fields.${i}.required`)}
                            />
                            <span className="sm:sr-only">{t("fieldRequired")}</span>
                          </label>
                          <Button
                            variant="ghost"
                            size="sm"
                            className="text-slate-500 hover:text-red-600"
                            aria-label={t("removeField", { n: i + 1 })}
                            onClick={() => fields.remove(i)}
                          >
                            <Trash2 aria-hidden />
                          </Button>
                        </div>
                        {error?.name?.message ? (
                          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
                            {error.name.message}
                          </p>
                        ) : null}
                      </div>
                    );
                  })}
                </div>
              ) : (
                <p className="rounded-md border border-dashed border-slate-200 p-3 text-sm text-slate-500">
                  {t("noFields")}
                </p>
              )}
              {errors.fields?.root?.message || errors.fields?.message ? (
                <p role="alert" className="mt-2 text-xs font-medium text-red-600">
                  {errors.fields?.root?.message ?? errors.fields?.message}
                </p>
              ) : null}
              <Button
                variant="secondary"
                size="sm"
                className="mt-3"
                onClick={() => fields.append({ name: "", type: "string", required: true })}
              >
                <Plus aria-hidden />
                {t("addField")}
              </Button>
              <p className="mt-3 text-xs text-slate-500">{t("moneyHint")}</p>
            </fieldset>
          </div>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {eventType ? tc("save") : t("submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
