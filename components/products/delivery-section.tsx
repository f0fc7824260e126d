"use client";

import { Eye, EyeOff } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useWatch, type UseFormReturn } from "react-hook-form";
import { FileDrop } from "@/components/files/file-drop";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { cn } from "@/components/ui/cn";
import { Field, type FieldControlProps } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { methodsForKind } from "@/lib/delivery/settings";
import type { CreateProductInput } from "@/lib/products/input";
import { deliveryFieldsFor, methodFor } from "./delivery-form";
import { KeyPool } from "./key-pool";
import type { ProductFormValues } from "./product-form";
import type { ProductDto } from "./queries";

type ProductForm = UseFormReturn<ProductFormValues, unknown, CreateProductInput>;
type WholeField =
  "linkHours" | "maxDownloads" | "lowStockAt" | "accessDays" | "reminderDays" | "inviteHours";

/**
 * The product form's Delivery section: the fields of the kind's method only, the message that
 * comes with the goods, and for license keys the pool (which saves on its own, at once).
 */
export function DeliverySection({
  form,
  product,
}: {
  form: ProductForm;
  product: ProductDto | null;
}) {
  const t = useTranslations("products.delivery");
  const [kind, chosen, courseMode, outOfStock] = useWatch({
    control: form.control,
    name: ["kind", "delivery.method", "delivery.courseMode", "delivery.outOfStock"],
  });
  const method = methodFor(kind, chosen);
  const methods = methodsForKind[kind];
  const fields = new Set(deliveryFieldsFor(method, courseMode));
  const errors = form.formState.errors.delivery;
  /** A whole-number input with its unit, as a Field's render prop. */
  const whole = (name: WholeField, unit: string, placeholder?: string) =>
    function WholeRender(control: FieldControlProps) {
      return (
        <div className="flex items-center gap-2">
          <Input
            {...control}
            inputMode="numeric"
            autoComplete="off"
            placeholder={placeholder}
            className="w-24 tabular-nums"
            {...form.register(`delivery.${name}`)}
          />
          {unit ? <span className="text-sm text-slate-600">{unit}</span> : null}
        </div>
      );
    };

  return (
    <fieldset
      className="rounded-lg border border-slate-200 px-4 pt-1 pb-4"
      data-testid="delivery-section"
    >
      <legend className="px-1 text-sm font-semibold text-slate-900">{t("legend")}</legend>
      <div className="space-y-4">
        <p className="text-sm text-slate-600">{t("help")}</p>
        {methods.length > 1 ? (
          <Field
            id="delivery-method"
            label={t("method")}
            hint={t(`methodHints.${method}`)}
            className="sm:w-2/3"
          >
            {(control) => (
              <Controller
                control={form.control}
                name="delivery.method"
                render={({ field }) => (
                  <Select value={method} onValueChange={field.onChange}>
                    <SelectTrigger {...control}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {methods.map((m) => (
                        <SelectItem key={m} value={m}>
                          {t(`methods.${m}`)}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
            )}
          </Field>
        ) : (
          <p className="text-sm">
            <span className="font-medium text-slate-900">{t(`methods.${method}`)}</span>
            <span className="text-slate-600"> — {t(`methodHints.${method}`)}</span>
          </p>
        )}

        {fields.has("fileId") ? (
          <div>
            <label
              htmlFor="delivery-file"
              className="mb-1.5 block text-sm font-medium text-slate-800"
            >
              {t("file")}
            </label>
            <Controller
              control={form.control}
              name="delivery.fileId"
              render={({ field }) => (
                <FileDrop
                  id="delivery-file"
                  value={field.value ?? null}
                  onChange={field.onChange}
                />
              )}
            />
          </div>
        ) : null}

        {fields.has("linkHours") ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id="delivery-link-hours"
              label={t("linkHours")}
              hint={t("linkHoursHint")}
              error={errors?.linkHours?.message}
            >
              {whole("linkHours", t("hours"), "72")}
            </Field>
            {fields.has("maxDownloads") ? (
              <Field
                id="delivery-max-downloads"
                label={t("maxDownloads")}
                hint={t("maxDownloadsHint")}
                error={errors?.maxDownloads?.message}
              >
                {whole("maxDownloads", "", "3")}
              </Field>
            ) : null}
          </div>
        ) : null}

        {fields.has("stampPdf") ? (
          <CheckboxField
            id="delivery-stamp"
            label={t("stampPdf")}
            hint={t("stampPdfHint")}
            register={form.register("delivery.stampPdf")}
          />
        ) : null}

        {fields.has("secret") ? (
          <SecretField
            form={form}
            label={kind === "link" ? t("secretLink") : t("secret")}
            error={errors?.secret?.message}
          />
        ) : null}

        {method === "license_key" ? (
          <>
            <Field
              id="delivery-low-stock"
              label={t("lowStockAt")}
              hint={t("lowStockAtHint")}
              error={errors?.lowStockAt?.message}
            >
              {whole("lowStockAt", "", "5")}
            </Field>
            <div role="radiogroup" aria-labelledby="delivery-out-of-stock">
              <p id="delivery-out-of-stock" className="mb-1.5 text-sm font-medium text-slate-800">
                {t("outOfStock")}
              </p>
              <div className="grid gap-2 sm:grid-cols-2">
                {(["hold", "refund"] as const).map((value) => (
                  <Choice
                    key={value}
                    value={value}
                    title={t(value === "hold" ? "outOfStockHold" : "outOfStockRefund")}
                    hint={t(value === "hold" ? "outOfStockHoldHint" : "outOfStockRefundHint")}
                    register={form.register("delivery.outOfStock")}
                    checked={outOfStock === value}
                  />
                ))}
              </div>
            </div>
          </>
        ) : null}

        {method === "channel" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id="delivery-chat-id"
              label={t("channelChatId")}
              hint={t("channelChatIdHint")}
              error={errors?.channelChatId?.message}
              className="sm:col-span-2"
            >
              {(control) => (
                <Input
                  {...control}
                  autoComplete="off"
                  placeholder="-1001234567890"
                  className="font-mono sm:w-1/2"
                  {...form.register("delivery.channelChatId")}
                />
              )}
            </Field>
            {kind === "subscription" ? null : (
              <Field
                id="delivery-access-days"
                label={t("accessDays")}
                hint={t("accessDaysHint")}
                error={errors?.accessDays?.message}
              >
                {whole("accessDays", t("days"), "∞")}
              </Field>
            )}
            <Field
              id="delivery-reminder-days"
              label={t("reminderDays")}
              hint={t("reminderDaysHint")}
              error={errors?.reminderDays?.message}
            >
              {whole("reminderDays", t("days"), "3")}
            </Field>
            <Field
              id="delivery-invite-hours"
              label={t("inviteHours")}
              hint={t("inviteHoursHint")}
              error={errors?.inviteHours?.message}
            >
              {whole("inviteHours", t("hours"), "24")}
            </Field>
          </div>
        ) : null}

        {method === "course" ? (
          <>
            <div role="radiogroup" aria-labelledby="delivery-course-mode">
              <p id="delivery-course-mode" className="mb-1.5 text-sm font-medium text-slate-800">
                {t("courseMode")}
              </p>
              <div className="grid gap-2 sm:grid-cols-2">
                {(["page", "lms"] as const).map((value) => (
                  <Choice
                    key={value}
                    value={value}
                    title={t(value === "page" ? "coursePage" : "courseLms")}
                    hint={t(value === "page" ? "coursePageHint" : "courseLmsHint")}
                    register={form.register("delivery.courseMode")}
                    checked={courseMode === value}
                  />
                ))}
              </div>
            </div>
            {courseMode === "page" ? (
              <Field
                id="delivery-page-content"
                label={t("pageContent")}
                hint={t("pageContentHint")}
                error={errors?.pageContent?.message}
              >
                {(control) => (
                  <Textarea {...control} rows={5} {...form.register("delivery.pageContent")} />
                )}
              </Field>
            ) : (
              <>
                <Field
                  id="delivery-lms-url"
                  label={t("lmsUrl")}
                  hint={t("lmsUrlHint")}
                  error={errors?.lmsUrl?.message}
                >
                  {(control) => (
                    <Input
                      {...control}
                      type="url"
                      inputMode="url"
                      placeholder="https://lms.example.com/api/enroll"
                      {...form.register("delivery.lmsUrl")}
                    />
                  )}
                </Field>
                <Field
                  id="delivery-lms-body"
                  label={t("lmsBody")}
                  hint={t("lmsBodyHint")}
                  error={errors?.lmsBody?.message}
                >
                  {(control) => (
                    <Textarea
                      {...control}
                      rows={4}
                      spellCheck={false}
                      className="font-mono text-xs"
                      placeholder={'{ "order": "{{order.id}}", "name": "{{contact.first_name}}" }'}
                      {...form.register("delivery.lmsBody")}
                    />
                  )}
                </Field>
              </>
            )}
          </>
        ) : null}

        <Field
          id="delivery-message"
          label={t("message")}
          hint={t("messageHint")}
          error={errors?.message?.message}
        >
          {(control) => (
            <Textarea
              {...control}
              rows={2}
              placeholder={t("messagePlaceholder")}
              {...form.register("delivery.message")}
            />
          )}
        </Field>

        {method === "license_key" ? (
          product && product.kind === "license_key" ? (
            <KeyPool productId={product.id} />
          ) : (
            <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-600">
              {t("keysAfterSave")}
            </p>
          )
        ) : null}
      </div>
    </fieldset>
  );
}

/**
 * The text a buyer pays for, hidden until asked: a screen shared on a call should not show it.
 * A textarea cannot be type=password, so the characters are drawn as discs instead.
 */
function SecretField({ form, label, error }: { form: ProductForm; label: string; error?: string }) {
  const t = useTranslations("products.delivery");
  const [shown, setShown] = useState(false);
  return (
    <Field id="delivery-secret" label={label} hint={t("secretHint")} error={error}>
      {(control) => (
        <div className="relative">
          <Textarea
            {...control}
            rows={2}
            autoComplete="off"
            spellCheck={false}
            className={cn("pr-24 font-mono", !shown && "[-webkit-text-security:disc]")}
            {...form.register("delivery.secret")}
          />
          <Button
            variant="ghost"
            size="sm"
            className="absolute top-1 right-1"
            aria-pressed={shown}
            aria-controls={control.id}
            onClick={() => setShown((s) => !s)}
          >
            {shown ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
            {shown ? t("hide") : t("show")}
          </Button>
        </div>
      )}
    </Field>
  );
}

type Registered = ReturnType<ProductForm["register"]>;

function Choice({
  value,
  title,
  hint,
  register,
  checked,
}: {
  value: string;
  title: string;
  hint: string;
  register: Registered;
  checked: boolean;
}) {
  return (
    <label
      className={cn(
        "flex cursor-pointer gap-2.5 rounded-md border p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500/40",
        checked ? "border-brand-500 bg-brand-50/60" : "border-slate-200 hover:border-slate-300",
      )}
    >
      <input type="radio" value={value} className="mt-0.5 accent-brand-600" {...register} />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span className="block text-xs text-slate-600">{hint}</span>
      </span>
    </label>
  );
}
