"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, Info, Star } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver, type IssueTranslator } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { cn } from "@/components/ui/cn";
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
import { Textarea } from "@/components/ui/textarea";
import type { CreateProductInput } from "@/lib/products/input";
import { productKinds, vatCodes } from "@/lib/products/input";
import {
  checkoutCurrencies,
  emptyProductForm,
  productFormSchema,
  productFormValues,
  type ProductFormValues,
} from "./product-form";
import { DeliverySection } from "./delivery-section";
import { productPath, productsKey, productsPath, type ProductDto } from "./queries";

/** Creates a product (`product` null) or edits one; closes on success. */
export function ProductFormDialog({
  open,
  product,
  onOpenChange,
}: {
  open: boolean;
  product: ProductDto | null;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("products");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const base = useIssueTranslator({
    stock: t("rules.wholeNumber"),
    periodDays: t("rules.wholeNumber"),
    imageUrl: t("form.imageUrlInvalid"),
    "delivery.linkHours": t("rules.wholeNumber"),
    "delivery.maxDownloads": t("rules.wholeNumber"),
    "delivery.lowStockAt": t("rules.wholeNumber"),
    "delivery.accessDays": t("rules.wholeNumber"),
    "delivery.reminderDays": t("rules.wholeNumber"),
    "delivery.inviteHours": t("rules.wholeNumber"),
    "delivery.channelChatId": t("delivery.chatIdInvalid"),
  });
  const translate: IssueTranslator = (issue) => {
    const params = issue.code === "custom" ? issue.params : undefined;
    if (params && typeof params.rule === "string" && t.has(`rules.${params.rule}`)) {
      return t(`rules.${params.rule}`, {
        currency: String(params.currency ?? ""),
        digits: Number(params.digits ?? 0),
      });
    }
    return base(issue);
  };
  const form = useForm<ProductFormValues, unknown, CreateProductInput>({
    resolver: localizedZodResolver(productFormSchema, translate),
    defaultValues: emptyProductForm,
  });
  const { errors } = form.formState;
  const { reset } = form;
  useEffect(() => {
    if (open) reset(product ? productFormValues(product) : emptyProductForm);
  }, [open, product, reset]);

  const [sellIn, kind, currency, fiscalReceipt] = useWatch({
    control: form.control,
    name: ["sellIn", "kind", "currency", "fiscalReceipt"],
  });
  const stars = sellIn === "stars";
  const receipts = !stars && currency === "RUB";

  const save = useMutation({
    mutationFn: (body: CreateProductInput) =>
      product
        ? api.patch<{ product: ProductDto }>(productPath(product.id), body)
        : api.post<{ product: ProductDto }>(productsPath, body),
    onSuccess: ({ product: saved }) => {
      void queryClient.invalidateQueries({ queryKey: productsKey });
      toast.success(t(product ? "form.saved" : "form.created", { title: saved.title }));
      onOpenChange(false);
    },
    onError: (err) =>
      report(err, {
        setError: form.setError,
        fields: [
          "title",
          "description",
          "imageUrl",
          "kind",
          "stock",
          "periodDays",
          "vatCode",
          "delivery.linkHours",
          "delivery.maxDownloads",
          "delivery.lowStockAt",
          "delivery.channelChatId",
          "delivery.accessDays",
          "delivery.reminderDays",
          "delivery.inviteHours",
          "delivery.secret",
          "delivery.message",
        ],
      }),
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        <form onSubmit={form.handleSubmit((body) => save.mutate(body))} noValidate>
          <DialogHeader>
            <DialogTitle>
              {product ? t("form.editTitle", { title: product.title }) : t("form.createTitle")}
            </DialogTitle>
            <DialogDescription>{t("form.description")}</DialogDescription>
          </DialogHeader>

          <div className="space-y-4">
            <Field id="product-title" label={t("form.title")} error={errors.title?.message}>
              {(control) => (
                <Input
                  {...control}
                  autoFocus
                  placeholder={t("form.titlePlaceholder")}
                  {...form.register("title")}
                />
              )}
            </Field>
            <Field
              id="product-description"
              label={t("form.descriptionLabel")}
              hint={t("form.descriptionHint")}
              error={errors.description?.message}
            >
              {(control) => <Textarea {...control} rows={2} {...form.register("description")} />}
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                id="product-kind"
                label={t("form.kind")}
                hint={t(`kindHints.${kind}`)}
                error={errors.kind?.message}
              >
                {(control) => (
                  <Controller
                    control={form.control}
                    name="kind"
                    render={({ field }) => (
                      <Select value={field.value} onValueChange={field.onChange}>
                        <SelectTrigger {...control}>
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent>
                          {productKinds.map((k) => (
                            <SelectItem key={k} value={k}>
                              {t(`kinds.${k}`)}
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    )}
                  />
                )}
              </Field>
              <Field
                id="product-image"
                label={t("form.imageUrl")}
                hint={t("form.imageUrlHint")}
                error={errors.imageUrl?.message}
              >
                {(control) => (
                  <Input
                    {...control}
                    type="url"
                    inputMode="url"
                    placeholder="https://"
                    {...form.register("imageUrl")}
                  />
                )}
              </Field>
            </div>

            <fieldset className="rounded-lg border border-slate-200 px-4 pt-1 pb-4">
              <legend className="px-1 text-sm font-semibold text-slate-900">
                {t("form.pricing")}
              </legend>
              <div className="space-y-4">
                <p className="flex gap-2 rounded-md bg-brand-50 p-3 text-sm text-brand-900">
                  <Info className="mt-0.5 size-4 shrink-0 text-brand-600" aria-hidden />
                  <span>{t("form.pricingHelp")}</span>
                </p>
                <div className="grid gap-3 sm:grid-cols-2">
                  <SellInOption
                    value="stars"
                    icon={<Star aria-hidden />}
                    title={t("form.stars")}
                    hint={t("form.starsHint")}
                    checked={stars}
                    register={form.register("sellIn")}
                  />
                  <SellInOption
                    value="external"
                    icon={<ExternalLink aria-hidden />}
                    title={t("form.external")}
                    hint={t("form.externalHint")}
                    checked={!stars}
                    register={form.register("sellIn")}
                  />
                </div>
                <div className="grid gap-4 sm:grid-cols-2">
                  <Field
                    id="product-price"
                    label={stars ? t("form.priceStars") : t("form.price")}
                    hint={stars ? t("form.priceStarsHint") : t("form.priceHint")}
                    error={errors.price?.message}
                  >
                    {(control) => (
                      <div className="relative">
                        {stars ? (
                          <Star
                            aria-hidden
                            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 fill-amber-400 text-amber-500"
                          />
                        ) : null}
                        <Input
                          {...control}
                          inputMode={stars ? "numeric" : "decimal"}
                          autoComplete="off"
                          placeholder={stars ? "100" : "499.00"}
                          className={cn("tabular-nums", stars && "pl-9")}
                          {...form.register("price")}
                        />
                      </div>
                    )}
                  </Field>
                  {stars ? null : (
                    <Field
                      id="product-currency"
                      label={t("form.currency")}
                      error={errors.currency?.message}
                    >
                      {(control) => (
                        <Controller
                          control={form.control}
                          name="currency"
                          render={({ field }) => (
                            <Select value={field.value} onValueChange={field.onChange}>
                              <SelectTrigger {...control}>
                                <SelectValue />
                              </SelectTrigger>
                              <SelectContent>
                                {checkoutCurrencies.map((c) => (
                                  <SelectItem key={c} value={c}>
                                    {c}
                                  </SelectItem>
                                ))}
                              </SelectContent>
                            </Select>
                          )}
                        />
                      )}
                    </Field>
                  )}
                  {kind === "subscription" ? (
                    <Field
                      id="product-period"
                      label={t("form.period")}
                      hint={stars ? t("form.periodStarsHint") : t("form.periodHint")}
                      error={errors.periodDays?.message}
                    >
                      {(control) => (
                        <div className="flex items-center gap-2">
                          {stars ? (
                            <Input {...control} value="30" disabled readOnly className="w-24" />
                          ) : (
                            <Input
                              {...control}
                              inputMode="numeric"
                              placeholder="30"
                              className="w-24"
                              {...form.register("periodDays")}
                            />
                          )}
                          <span className="text-sm text-slate-600">{t("form.periodDays")}</span>
                        </div>
                      )}
                    </Field>
                  ) : null}
                </div>
                {receipts ? (
                  <div className="space-y-3 border-t border-slate-100 pt-4">
                    <CheckboxField
                      id="product-receipt"
                      label={t("form.fiscalReceipt")}
                      hint={t("form.fiscalReceiptHint")}
                      register={form.register("fiscalReceipt")}
                    />
                    {fiscalReceipt ? (
                      <Field
                        id="product-vat"
                        label={t("form.vatCode")}
                        className="sm:w-1/2"
                        error={errors.vatCode?.message}
                      >
                        {(control) => (
                          <Controller
                            control={form.control}
                            name="vatCode"
                            render={({ field }) => (
                              <Select
                                value={String(field.value)}
                                onValueChange={(v) => field.onChange(Number(v))}
                              >
                                <SelectTrigger {...control}>
                                  <SelectValue />
                                </SelectTrigger>
                                <SelectContent>
                                  {vatCodes.map((code) => (
                                    <SelectItem key={code} value={String(code)}>
                                      {t(`vat.${code}`)}
                                    </SelectItem>
                                  ))}
                                </SelectContent>
                              </Select>
                            )}
                          />
                        )}
                      </Field>
                    ) : null}
                  </div>
                ) : null}
              </div>
            </fieldset>

            <DeliverySection form={form} product={product} />

            <div className="grid gap-4 sm:grid-cols-2">
              {/* A key product's stock is its pool, counted in the Delivery section. */}
              {kind === "license_key" ? null : (
                <Field
                  id="product-stock"
                  label={t("form.stock")}
                  hint={t("form.stockHint")}
                  error={errors.stock?.message}
                >
                  {(control) => (
                    <Input
                      {...control}
                      inputMode="numeric"
                      placeholder={t("form.stockPlaceholder")}
                      {...form.register("stock")}
                    />
                  )}
                </Field>
              )}
              <div className={cn(kind !== "license_key" && "sm:pt-7")}>
                <CheckboxField
                  id="product-active"
                  label={t("form.active")}
                  hint={t("form.activeHint")}
                  register={form.register("active")}
                />
              </div>
            </div>
          </div>

          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {product ? t("form.save") : t("form.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

type Registered = ReturnType<ReturnType<typeof useForm<ProductFormValues>>["register"]>;

/** One of the two ways to be paid, as a card-sized radio button. */
function SellInOption({
  value,
  icon,
  title,
  hint,
  checked,
  register,
}: {
  value: "stars" | "external";
  icon: React.ReactNode;
  title: string;
  hint: string;
  checked: boolean;
  register: Registered;
}) {
  return (
    <label
      className={cn(
        "flex cursor-pointer gap-3 rounded-md border p-3 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500/40",
        checked
          ? "border-brand-500 bg-brand-50/60"
          : "border-slate-200 bg-white hover:border-slate-300",
      )}
    >
      <input type="radio" value={value} className="sr-only" {...register} />
      <span
        className={cn(
          "flex size-8 shrink-0 items-center justify-center rounded-full [&_svg]:size-4",
          checked ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600",
        )}
      >
        {icon}
      </span>
      <span className="min-w-0">
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span className="block text-xs text-slate-600">{hint}</span>
      </span>
    </label>
  );
}
