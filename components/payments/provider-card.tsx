"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, KeyRound, PlugZap, Trash2, XCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import type { ProviderKind } from "@/lib/payments/providers/keys";
import { ProviderFormDialog } from "./provider-form";
import {
  providerPath,
  providersKey,
  providerTestPath,
  type ConnectionTestDto,
  type PaymentProviderDto,
} from "./queries";

const secretOrder = ["secretKey", "webhookSecret", "providerToken"] as const;

export function ModeBadge({ mode }: { mode: "test" | "live" }) {
  const t = useTranslations("payments.mode");
  return <Badge tone={mode === "live" ? "success" : "warning"}>{t(mode)}</Badge>;
}

/** One provider on Settings → Payments: its state, keys (as hints), webhook URL and actions. */
export function ProviderCard({
  kind,
  provider,
}: {
  kind: ProviderKind;
  provider: PaymentProviderDto | undefined;
}) {
  const t = useTranslations("payments");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const name = t(`kinds.${kind}`);

  const test = useMutation({
    mutationFn: () => api.post<{ result: ConnectionTestDto }>(providerTestPath(kind)),
    onError: (err) => report(err),
  });
  const remove = useMutation({
    mutationFn: () => api.delete(providerPath(kind)),
    onSuccess: () => {
      test.reset();
      void queryClient.invalidateQueries({ queryKey: providersKey });
      toast.success(t("remove.removed", { provider: name }));
    },
    onError: (err) => report(err),
  });

  return (
    <Card aria-labelledby={`provider-${kind}`}>
      <CardHeader>
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle id={`provider-${kind}`}>{name}</CardTitle>
          {provider ? (
            <ModeBadge mode={provider.mode} />
          ) : (
            <Badge tone="neutral">{t("notConfigured")}</Badge>
          )}
        </div>
        <p className="text-sm text-slate-500">{t(`blurbs.${kind}`)}</p>
      </CardHeader>
      {provider ? (
        <CardContent className="space-y-4">
          {!provider.readable ? <Notice tone="danger">{t("unreadable")}</Notice> : null}
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            {kind === "yookassa" ? (
              <>
                <dt className="text-slate-500">{t("shopId")}</dt>
                <dd className="font-mono text-slate-900">{provider.shopId}</dd>
              </>
            ) : null}
            {secretOrder.map((secret) => {
              const state = provider.secrets[secret];
              if (!state) return null;
              return (
                <div key={secret} className="contents">
                  <dt className="text-slate-500">{t(`secretNames.${secret}`)}</dt>
                  <dd className="flex items-center gap-2">
                    {state.set ? (
                      <>
                        <Badge tone="success">
                          <KeyRound className="size-3" aria-hidden />
                          {t("secretSet")}
                        </Badge>
                        <span className="font-mono text-slate-600">{state.hint}</span>
                      </>
                    ) : (
                      <Badge tone="warning">{t("secretNotSet")}</Badge>
                    )}
                  </dd>
                </div>
              );
            })}
            {kind === "yookassa" ? (
              <>
                <dt className="text-slate-500">{t("webhook.title")}</dt>
                <dd className="text-slate-600">
                  {provider.enforceIpRanges ? t("ipRangesOn") : t("ipRangesOff")}
                </dd>
              </>
            ) : null}
          </dl>
          {provider.webhookUrl ? <WebhookUrl kind={kind} url={provider.webhookUrl} /> : null}
          {kind === "stripe" && !provider.secrets.webhookSecret?.set ? (
            <Notice tone="warning">{t("webhook.missingSecret")}</Notice>
          ) : null}
          {kind === "telegram" ? (
            <p className="text-xs text-slate-500">{t("test.formatOnly")}</p>
          ) : null}
          {test.data ? <TestResult result={test.data.result} /> : null}
        </CardContent>
      ) : null}
      <CardFooter className="flex-wrap justify-start">
        {provider ? (
          <>
            <Button
              variant="secondary"
              onClick={() => test.mutate()}
              loading={test.isPending}
              disabled={!provider.readable}
            >
              {test.isPending ? null : <PlugZap aria-hidden />}
              {test.isPending ? t("test.running") : t("test.action")}
            </Button>
            <Button variant="secondary" onClick={() => setEditing(true)}>
              <KeyRound aria-hidden />
              {t("form.edit")}
            </Button>
            <Button
              variant="ghost"
              className="ml-auto text-red-600 hover:bg-red-50 hover:text-red-700"
              onClick={() => setRemoving(true)}
            >
              <Trash2 aria-hidden />
              {t("remove.action")}
            </Button>
          </>
        ) : (
          <Button onClick={() => setEditing(true)} aria-label={`${t("form.connect")} ${name}`}>
            <PlugZap aria-hidden />
            {t("form.connect")}
          </Button>
        )}
      </CardFooter>
      <ProviderFormDialog
        kind={kind}
        current={provider}
        open={editing}
        onOpenChange={(open) => {
          if (!open) test.reset();
          setEditing(open);
        }}
      />
      <ConfirmDialog
        open={removing}
        onOpenChange={setRemoving}
        title={t("remove.title", { provider: name })}
        description={t("remove.text", { provider: name })}
        confirmLabel={t("remove.confirm")}
        onConfirm={() => remove.mutateAsync()}
      />
    </Card>
  );
}

function WebhookUrl({ kind, url }: { kind: ProviderKind; url: string }) {
  const t = useTranslations("payments.webhook");
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <p className="text-sm font-medium text-slate-900">{t("title")}</p>
      <div className="mt-2 flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
          {url}
        </code>
        <CopyButton value={url} size="sm" />
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {kind === "stripe" ? t("stripe") : t("yookassa")}
      </p>
    </div>
  );
}

function TestResult({ result }: { result: ConnectionTestDto }) {
  const t = useTranslations("payments");
  const ok = result.ok;
  const text =
    result.checked === "format"
      ? ok
        ? t("test.formatOk", { mode: t(`mode.${result.mode}`) })
        : (result.message ?? t("test.failed"))
      : ok
        ? result.account
          ? t("test.okAccount", { account: result.account })
          : t("test.ok")
        : result.message;
  return (
    <div
      role="status"
      className={
        ok
          ? "flex items-start gap-2 rounded-md bg-emerald-50 p-3 text-sm text-emerald-800"
          : "flex items-start gap-2 rounded-md bg-red-50 p-3 text-sm text-red-800"
      }
    >
      {ok ? (
        <CheckCircle2 className="mt-0.5 size-4 shrink-0" aria-hidden />
      ) : (
        <XCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
      )}
      <span>
        {ok ? null : <strong className="font-medium">{t("test.failed")}: </strong>}
        {text}
      </span>
    </div>
  );
}

function Notice({ tone, children }: { tone: "warning" | "danger"; children: React.ReactNode }) {
  return (
    <p
      className={
        tone === "danger"
          ? "flex items-start gap-2 rounded-md bg-red-50 p-3 text-sm text-red-800"
          : "flex items-start gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900"
      }
    >
      <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{children}</span>
    </p>
  );
}
