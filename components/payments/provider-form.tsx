"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm, useWatch, type FieldErrors, type Resolver } from "react-hook-form";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
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
import { providerInputs } from "@/lib/api/contracts/payments";
import { modeOfKey, type ProviderKind } from "@/lib/payments/providers/keys";
import { providerPath, providersKey, type PaymentProviderDto } from "./queries";

interface Values {
  secretKey: string;
  webhookSecret: string;
  shopId: string;
  providerToken: string;
  enforceIpRanges: boolean;
}

const fieldsOf: Record<ProviderKind, (keyof Values)[]> = {
  stripe: ["secretKey", "webhookSecret"],
  yookassa: ["shopId", "secretKey", "enforceIpRanges"],
  telegram: ["providerToken"],
};

const isField = (name: string): name is keyof Values =>
  ["secretKey", "webhookSecret", "shopId", "providerToken", "enforceIpRanges"].includes(name);

/** Only this provider's fields, and no empty secrets: an empty field keeps the stored one. */
function bodyOf(kind: ProviderKind, values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of fieldsOf[kind]) {
    const value = values[name];
    if (typeof value === "string" ? value.trim() !== "" : true) body[name] = value;
  }
  return body;
}

/**
 * Pasting keys for one provider. The provider's own schema from the contract checks the
 * fields here as the API will; the mode the key implies is shown as it is typed.
 */
export function ProviderFormDialog({
  kind,
  current,
  open,
  onOpenChange,
}: {
  kind: ProviderKind;
  current: PaymentProviderDto | undefined;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("payments");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const translate = useIssueTranslator({
    secretKey: kind === "stripe" ? t("form.invalid.secretKey") : t("form.invalid.yookassaKey"),
    webhookSecret: t("form.invalid.webhookSecret"),
    shopId: t("form.invalid.shopId"),
    providerToken: t("form.invalid.providerToken"),
  });
  // The contract's schema for this provider, on the body as it will be sent.
  const resolver: Resolver<Values> = async (values) => {
    const result = providerInputs[kind].safeParse(bodyOf(kind, values));
    if (result.success) return { values, errors: {} };
    const errors: FieldErrors<Values> = {};
    for (const issue of result.error.issues) {
      const name = String(issue.path[0]);
      if (isField(name)) errors[name] ??= { type: issue.code, message: translate(issue) };
    }
    return { values: {}, errors };
  };
  const defaults: Values = {
    secretKey: "",
    webhookSecret: "",
    shopId: current?.shopId ?? "",
    providerToken: "",
    enforceIpRanges: current?.enforceIpRanges ?? false,
  };
  const form = useForm<Values>({ resolver, defaultValues: defaults });
  const { errors } = form.formState;
  const save = useMutation({
    mutationFn: (values: Values) =>
      api.put<{ provider: PaymentProviderDto }>(providerPath(kind), bodyOf(kind, values)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: providersKey });
      toast.success(t("form.saved", { provider: t(`kinds.${kind}`) }));
      onOpenChange(false);
    },
    onError: (err) => report(err, { setError: form.setError, fields: fieldsOf[kind] }),
  });

  const keyField = kind === "telegram" ? "providerToken" : "secretKey";
  const typedMode = modeOfKey(kind, useWatch({ control: form.control, name: keyField }));
  const keep = current ? ` ${t("form.keepHint")}` : "";
  const secretProps = (name: "secretKey" | "webhookSecret" | "providerToken", example: string) => ({
    className: "font-mono",
    autoComplete: "off",
    spellCheck: false,
    placeholder: current?.secrets[name]?.hint ?? example,
    ...form.register(name),
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) form.reset(defaults);
        onOpenChange(next);
      }}
    >
      <DialogContent>
        <form onSubmit={form.handleSubmit((values) => save.mutate(values))} noValidate>
          <DialogHeader>
            <DialogTitle>
              {t(`kinds.${kind}`)}
              {typedMode ? (
                <Badge
                  tone={typedMode === "live" ? "success" : "warning"}
                  className="ml-2 align-middle"
                >
                  {t("form.detected", { mode: t(`mode.${typedMode}`) })}
                </Badge>
              ) : null}
            </DialogTitle>
            <DialogDescription>{t(`blurbs.${kind}`)}</DialogDescription>
          </DialogHeader>
          <div className="space-y-4">
            {kind === "yookassa" ? (
              <Field
                id="pp-shop"
                label={t("shopId")}
                hint={t("form.yookassaShopHint")}
                error={errors.shopId?.message}
              >
                {(control) => (
                  <Input
                    {...control}
                    inputMode="numeric"
                    autoComplete="off"
                    placeholder="123456"
                    {...form.register("shopId")}
                  />
                )}
              </Field>
            ) : null}
            {kind !== "telegram" ? (
              <Field
                id="pp-secret"
                label={t("secretNames.secretKey")}
                hint={
                  (kind === "stripe" ? t("form.stripeKeyHint") : t("form.yookassaKeyHint")) + keep
                }
                error={errors.secretKey?.message}
              >
                {(control) => (
                  <Input
                    {...control}
                    {...secretProps("secretKey", kind === "stripe" ? "sk_test_…" : "test_…")}
                  />
                )}
              </Field>
            ) : null}
            {kind === "stripe" ? (
              <Field
                id="pp-whsec"
                label={t("secretNames.webhookSecret")}
                hint={t("form.webhookSecretHint") + keep}
                error={errors.webhookSecret?.message}
              >
                {(control) => <Input {...control} {...secretProps("webhookSecret", "whsec_…")} />}
              </Field>
            ) : null}
            {kind === "telegram" ? (
              <Field
                id="pp-token"
                label={t("secretNames.providerToken")}
                hint={t("form.providerTokenHint") + keep}
                error={errors.providerToken?.message}
              >
                {(control) => (
                  <Input {...control} {...secretProps("providerToken", "123456789:TEST:…")} />
                )}
              </Field>
            ) : null}
            {kind === "yookassa" ? (
              <CheckboxField
                id="provider-enforce-ip-ranges"
                label={t("form.enforceIpRanges")}
                hint={t("form.enforceIpRangesHint")}
                register={form.register("enforceIpRanges")}
              />
            ) : null}
          </div>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("form.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
