"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  CircleAlert,
  CircleCheck,
  CircleX,
  KeyRound,
  PlugZap,
  RotateCw,
  TriangleAlert,
  Unplug,
  type LucideIcon,
} from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Skeleton } from "@/components/ui/skeleton";
import {
  botKey,
  botsKey,
  webhookErrorKey,
  webhookErrorQuery,
  webhookKey,
  webhookPath,
  webhookQuery,
  type BotDto,
  type WebhookErrorDto,
  type WebhookHealthDto,
} from "./queries";

type Status = WebhookHealthDto["status"];
type Tone = "success" | "warning" | "danger" | "neutral";

const statusTone: Record<Status, Tone> = {
  ok: "success",
  failing: "danger",
  elsewhere: "warning",
  not_set: "neutral",
  outdated: "warning",
};

const toneIcon: Record<Tone, LucideIcon> = {
  success: CircleCheck,
  warning: TriangleAlert,
  danger: CircleX,
  neutral: CircleAlert,
};

const toneBox: Record<Tone, string> = {
  success: "border-emerald-200 bg-emerald-50 text-emerald-900 [&_svg]:text-emerald-600",
  warning: "border-amber-200 bg-amber-50 text-amber-900 [&_svg]:text-amber-600",
  danger: "border-red-200 bg-red-50 text-red-900 [&_svg]:text-red-600",
  neutral: "border-slate-200 bg-slate-50 text-slate-800 [&_svg]:text-slate-500",
};

function Callout({
  tone,
  title,
  children,
  action,
}: {
  tone: Tone;
  title?: React.ReactNode;
  children: React.ReactNode;
  action?: React.ReactNode;
}) {
  const Icon = toneIcon[tone];
  return (
    <div
      role={tone === "danger" ? "alert" : "status"}
      className={cn("flex gap-3 rounded-md border p-4 text-sm", toneBox[tone])}
    >
      <Icon className="mt-0.5 size-5 shrink-0" aria-hidden />
      <div className="min-w-0 flex-1 space-y-1">
        {title ? <p className="font-medium">{title}</p> : null}
        <div className="text-pretty">{children}</div>
        {action ? <div className="pt-2">{action}</div> : null}
      </div>
    </div>
  );
}

function Row({ label, children }: { label: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** What Telegram reports about the webhook: the verdict in words, then the figures. */
function HealthDetails({ health }: { health: WebhookHealthDto }) {
  const t = useTranslations("bots.connection");
  const dates = useDateFormat();
  return (
    <>
      <Callout tone={statusTone[health.status]}>{t(`explain.${health.status}`)}</Callout>
      <dl className="divide-y divide-slate-100">
        <Row label={t("url")}>
          {health.url ? (
            <>
              <code className="block break-all font-mono text-[13px]">{health.url}</code>
              <span
                className={cn(
                  "mt-1 inline-flex items-center gap-1 text-xs",
                  health.matches ? "text-emerald-700" : "text-amber-800",
                )}
              >
                {health.matches ? (
                  <CircleCheck className="size-3.5" aria-hidden />
                ) : (
                  <TriangleAlert className="size-3.5" aria-hidden />
                )}
                {health.matches ? t("urlMatches") : t("urlDiffers", { url: health.expectedUrl })}
              </span>
            </>
          ) : (
            <span className="text-slate-500">{t("urlNone")}</span>
          )}
        </Row>
        <Row label={t("pending")}>{t("pendingCount", { count: health.pendingUpdateCount })}</Row>
        <Row label={t("lastError")}>
          {health.lastErrorAt ? (
            <>
              <span className="block">{health.lastErrorMessage}</span>
              <time
                dateTime={health.lastErrorAt}
                title={dates.precise(health.lastErrorAt)}
                className="text-xs text-slate-500"
              >
                {dates.ago(health.lastErrorAt)}
              </time>
            </>
          ) : (
            <span className="text-slate-500">{t("lastErrorNone")}</span>
          )}
        </Row>
      </dl>
    </>
  );
}

/**
 * The bot's webhook as Telegram reports it (getWebhookInfo), with the ways to repair it:
 * register again, or disconnect. A failed registration stays on screen with Telegram's words
 * until one succeeds.
 */
export function WebhookCard({
  bot,
  canManage,
  onReplaceToken,
  className,
}: {
  bot: BotDto;
  canManage: boolean;
  onReplaceToken: () => void;
  className?: string;
}) {
  const t = useTranslations("bots.connection");
  const tr = useTranslations("bots.replaceToken");
  const dates = useDateFormat();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const health = useQuery(webhookQuery(bot.id));
  const registerError = useQuery(webhookErrorQuery(bot.id)).data;
  const setRegisterError = (error: Pick<WebhookErrorDto, "message"> | null) =>
    queryClient.setQueryData(webhookErrorKey(bot.id), error);
  const [confirming, setConfirming] = useState(false);

  /** The mutation stays pending until Telegram's fresh view is in, so the card flips once. */
  const settle = (saved: BotDto) => {
    setRegisterError(null);
    queryClient.setQueryData(botKey(bot.id), saved);
    void queryClient.invalidateQueries({ queryKey: botsKey, exact: true });
    return queryClient.invalidateQueries({ queryKey: webhookKey(bot.id) });
  };
  const register = useMutation({
    mutationFn: () => api.post<{ bot: BotDto }>(webhookPath(bot.id)),
    onSuccess: async ({ bot: saved }) => {
      await settle(saved);
      toast.success(t("registered"));
    },
    onError: (err) => {
      // Telegram's refusal stays on the card (with what to do about it) until a retry works.
      if (err instanceof ApiRequestError && err.code !== "internal_error") {
        setRegisterError({ message: err.message });
      } else report(err);
    },
  });
  const disconnect = useMutation({
    mutationFn: () => api.delete<{ bot: BotDto }>(webhookPath(bot.id)),
    onSuccess: async ({ bot: saved }) => {
      await settle(saved);
      toast.success(t("disconnected", { name: bot.name }));
    },
    onError: (err) => report(err),
  });

  const data = health.data;
  const tokenRejected =
    health.error instanceof ApiRequestError && health.error.code === "unprocessable_entity";
  const connected = bot.webhookUrl !== null || data?.matches === true;

  return (
    <Card className={cn("flex flex-col", className)} aria-busy={health.isFetching || undefined}>
      <CardHeader className="flex flex-row items-start justify-between gap-4 space-y-0">
        <div className="space-y-1">
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
        </div>
        {data ? (
          <Badge tone={statusTone[data.status]} className="mt-0.5">
            {t(`status.${data.status}`)}
          </Badge>
        ) : null}
      </CardHeader>
      <CardContent className="flex-1 space-y-4">
        {registerError ? (
          <Callout tone="danger" title={t("registerFailed")}>
            <p>{registerError.message}</p>
            {/HTTPS/i.test(registerError.message) ? <p className="mt-1">{t("httpsHint")}</p> : null}
          </Callout>
        ) : null}
        {health.isPending ? (
          <div role="status" aria-label={t("checking")} className="space-y-4">
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-4 w-3/5" />
          </div>
        ) : health.isError ? (
          tokenRejected ? (
            <Callout
              tone="danger"
              title={t("tokenRejectedTitle")}
              action={
                canManage ? (
                  <Button size="sm" variant="secondary" onClick={onReplaceToken}>
                    <KeyRound aria-hidden />
                    {tr("action")}
                  </Button>
                ) : null
              }
            >
              <p>{t("tokenRejectedText")}</p>
              <p className="mt-1 text-red-800/80">{health.error.message}</p>
            </Callout>
          ) : (
            // "Check again" in the footer retries; the server's own words (in English) go
            // under a line in the reader's language.
            <Callout tone="warning" title={t("unreachableTitle")}>
              <p>{t("unreachableText")}</p>
              {health.error instanceof ApiRequestError ? (
                <p className="mt-1 text-xs opacity-80">{health.error.message}</p>
              ) : null}
            </Callout>
          )
        ) : (
          <HealthDetails health={health.data} />
        )}
      </CardContent>
      <CardFooter className="flex-wrap justify-between">
        <div className="flex items-center gap-2 text-xs text-slate-500">
          {data ? <span>{t("checked", { when: dates.ago(data.checkedAt) })}</span> : null}
          <Button
            variant="ghost"
            size="sm"
            onClick={() => void health.refetch()}
            loading={health.isFetching}
            disabled={health.isFetching}
          >
            {health.isFetching ? null : <RotateCw aria-hidden />}
            {health.isFetching ? t("checking") : t("check")}
          </Button>
        </div>
        {canManage && !tokenRejected ? (
          <div className="ml-auto flex flex-wrap justify-end gap-2">
            {connected ? (
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                <Unplug aria-hidden />
                {t("disconnect")}
              </Button>
            ) : null}
            <Button
              variant={data?.status === "ok" ? "secondary" : "primary"}
              onClick={() => register.mutate()}
              loading={register.isPending}
            >
              {register.isPending ? null : <PlugZap aria-hidden />}
              {connected ? t("register") : t("connect")}
            </Button>
          </div>
        ) : null}
      </CardFooter>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("disconnectTitle", { name: bot.name })}
        description={t("disconnectText")}
        confirmLabel={t("disconnectConfirm")}
        onConfirm={() => disconnect.mutateAsync()}
      />
    </Card>
  );
}
