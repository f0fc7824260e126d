"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, CheckCircle2, Clock, MinusCircle, XCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { botsQuery } from "@/components/bots/queries";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
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
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import {
  getAlertSettings,
  sendTestAlert,
  updateAlertSettings,
  type alertSettingsSchema,
} from "@/lib/api/contracts/alerts";

type Settings = z.infer<typeof alertSettingsSchema>;
type ChannelResult = {
  status: "sent" | "failed" | "queued" | "not_configured";
  error: string | null;
};
type TestResult = { telegram: ChannelResult; email: ChannelResult };

export const alertSettingsKey = ["alert-settings"] as const;
/** Radix Select cannot hold an empty value: "no bot" has a name of its own. */
const NONE = "none";

interface FormValues {
  botId: string;
  chatId: string;
  email: string;
}

/** Where alerts go: a bot and chat, an address; and a test that says what became of each. */
export function AlertsSettings() {
  const t = useTranslations("alerts");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [result, setResult] = useState<TestResult | null>(null);

  const settings = useQuery({
    queryKey: alertSettingsKey,
    queryFn: ({ signal }) =>
      api
        .get<{ settings: Settings }>(getAlertSettings.path, undefined, signal)
        .then((r) => r.settings),
  });
  const bots = useQuery(botsQuery);

  // The same rules as the API's, with the messages in the page's language.
  const schema = useMemo(
    () =>
      z
        .object({
          botId: z.string(),
          chatId: z
            .string()
            .trim()
            .regex(/^(-?\d+|@[A-Za-z0-9_]{5,32})?$/, t("errors.chatId")),
          email: z.union([z.literal(""), z.email(t("errors.email"))]),
        })
        .refine((v) => (v.botId === NONE) === (v.chatId === ""), {
          message: t("errors.pair"),
          path: ["chatId"],
        }),
    [t],
  );
  const form = useForm<FormValues>({
    resolver: async (values) => {
      const parsed = schema.safeParse(values);
      if (parsed.success) return { values: parsed.data, errors: {} };
      const errors: Record<string, { type: string; message: string }> = {};
      for (const issue of parsed.error.issues)
        errors[String(issue.path[0])] ??= { type: issue.code, message: issue.message };
      return { values: {}, errors };
    },
    values: {
      botId: settings.data?.botId ?? NONE,
      chatId: settings.data?.chatId ?? "",
      email: settings.data?.email ?? "",
    },
  });
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      api.put<{ settings: Settings }>(updateAlertSettings.path, {
        botId: v.botId === NONE ? null : v.botId,
        chatId: v.botId === NONE ? null : v.chatId.trim() || null,
        email: v.email.trim() || null,
      }),
    onSuccess: ({ settings: saved }) => {
      queryClient.setQueryData(alertSettingsKey, saved);
      setResult(null);
      toast.success(t("saved"));
    },
    onError: (err) =>
      report(err, { setError: form.setError, fields: ["botId", "chatId", "email"] }),
  });
  const test = useMutation({
    mutationFn: () => api.post<TestResult>(sendTestAlert.path),
    onSuccess: setResult,
    onError: (err) => report(err),
  });

  const botId = useWatch({ control: form.control, name: "botId" });
  const staffChats = settings.data?.staffChats ?? [];
  const saved = settings.data;
  const nothingSaved = !saved?.chatId && !saved?.email;

  return (
    <Card>
      <form onSubmit={form.handleSubmit((v) => save.mutate(v))} noValidate>
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription className="max-w-3xl">{t("description")}</CardDescription>
        </CardHeader>
        <CardContent>
          {settings.isPending || bots.isPending ? (
            <div role="status" aria-label={tc("loading")} className="max-w-md space-y-3">
              <Skeleton className="h-4 w-32" />
              <Skeleton className="h-9 w-full" />
              <Skeleton className="h-4 w-24" />
              <Skeleton className="h-9 w-full" />
            </div>
          ) : settings.isError || bots.isError ? (
            <ErrorState
              onRetry={() => {
                void settings.refetch();
                void bots.refetch();
              }}
            />
          ) : (
            <div className="grid gap-8 md:grid-cols-2">
              <fieldset className="space-y-4">
                <legend className="mb-3 text-sm font-semibold text-slate-900">
                  {t("telegram.title")}
                </legend>
                <Field
                  id="alerts-bot"
                  label={t("telegram.bot")}
                  hint={bots.data.length ? undefined : t("telegram.noBots")}
                  error={form.formState.errors.botId?.message}
                >
                  {(control) => (
                    <Controller
                      control={form.control}
                      name="botId"
                      render={({ field }) => (
                        <Select
                          value={field.value}
                          onValueChange={(v) => {
                            field.onChange(v);
                            if (v === NONE) form.setValue("chatId", "", { shouldDirty: true });
                          }}
                        >
                          <SelectTrigger {...control}>
                            <SelectValue />
                          </SelectTrigger>
                          <SelectContent>
                            <SelectItem value={NONE}>{t("telegram.none")}</SelectItem>
                            {bots.data.map((b) => (
                              <SelectItem key={b.id} value={b.id}>
                                {b.username ? `${b.name} (@${b.username})` : b.name}
                              </SelectItem>
                            ))}
                          </SelectContent>
                        </Select>
                      )}
                    />
                  )}
                </Field>
                {botId !== NONE ? (
                  <>
                    <Field
                      id="alerts-chat"
                      label={t("telegram.chat")}
                      hint={t("telegram.chatHint")}
                      error={form.formState.errors.chatId?.message}
                    >
                      {(control) => (
                        <Input
                          {...control}
                          {...form.register("chatId")}
                          inputMode="text"
                          autoComplete="off"
                          placeholder="-1001234567890"
                          className="font-mono"
                        />
                      )}
                    </Field>
                    {staffChats.length ? (
                      <div className="flex flex-wrap gap-2">
                        {staffChats.map((s) => (
                          <Button
                            key={s.botId}
                            type="button"
                            variant="secondary"
                            size="sm"
                            onClick={() => {
                              form.setValue("botId", s.botId, { shouldDirty: true });
                              form.setValue("chatId", s.chatId, {
                                shouldDirty: true,
                                shouldValidate: true,
                              });
                            }}
                          >
                            {t("telegram.useStaffChat", { bot: s.botName })}
                          </Button>
                        ))}
                      </div>
                    ) : null}
                  </>
                ) : null}
              </fieldset>
              <fieldset className="space-y-4">
                <legend className="mb-3 text-sm font-semibold text-slate-900">
                  {t("email.title")}
                </legend>
                <Field
                  id="alerts-email"
                  label={t("email.address")}
                  hint={saved?.smtpConfigured ? t("email.hint") : t("email.noSmtp")}
                  error={form.formState.errors.email?.message}
                >
                  {(control) => (
                    <Input
                      {...control}
                      {...form.register("email")}
                      type="email"
                      autoComplete="email"
                      placeholder="owner@example.com"
                    />
                  )}
                </Field>
              </fieldset>
            </div>
          )}
          {result ? <TestOutcome result={result} /> : null}
        </CardContent>
        <CardFooter className="flex flex-wrap items-center gap-3">
          <Button
            type="submit"
            loading={save.isPending}
            disabled={!settings.isSuccess || !form.formState.isDirty}
          >
            {tc("save")}
          </Button>
          <Button
            type="button"
            variant="secondary"
            loading={test.isPending}
            disabled={!settings.isSuccess || nothingSaved || form.formState.isDirty}
            onClick={() => test.mutate()}
          >
            <BellRing aria-hidden />
            {t("test.button")}
          </Button>
          {settings.isSuccess && (nothingSaved || form.formState.isDirty) ? (
            <p className="text-xs text-slate-500">{t("test.hint")}</p>
          ) : null}
        </CardFooter>
      </form>
    </Card>
  );
}

function TestOutcome({ result }: { result: TestResult }) {
  const t = useTranslations("alerts.test");
  const row = (label: string, r: ChannelResult) => {
    const Icon =
      r.status === "sent"
        ? CheckCircle2
        : r.status === "failed"
          ? XCircle
          : r.status === "queued"
            ? Clock
            : MinusCircle;
    const tone =
      r.status === "sent"
        ? "text-emerald-600"
        : r.status === "failed"
          ? "text-red-600"
          : r.status === "queued"
            ? "text-amber-600"
            : "text-slate-400";
    return (
      <li className="flex items-start gap-2">
        <Icon className={`mt-0.5 size-4 shrink-0 ${tone}`} aria-hidden />
        <span className="min-w-0">
          <span className="font-medium text-slate-900">{label}: </span>
          <span className="break-words text-slate-700">
            {t(r.status, { error: r.error ?? "" })}
          </span>
        </span>
      </li>
    );
  };
  return (
    <div
      role="status"
      className="mt-6 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
      aria-label={t("title")}
    >
      <p className="mb-2 font-medium text-slate-900">{t("title")}</p>
      <ul className="space-y-1">
        {row(t("telegram"), result.telegram)}
        {row(t("email"), result.email)}
      </ul>
    </div>
  );
}
