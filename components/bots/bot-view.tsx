"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  ArrowLeft,
  Bot,
  ExternalLink,
  KeyRound,
  MoreHorizontal,
  Pencil,
  Trash2,
  Workflow,
} from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { botPath, botQuery, botsKey, type BotDto } from "./queries";
import { RenameBotDialog } from "./rename-bot-dialog";
import { ReplaceTokenDialog } from "./replace-token-dialog";
import { SupportCard } from "./support-card";
import { WebhookCard } from "./webhook-card";

/** One bot: who it is in Telegram, whether Telegram delivers its messages here, and actions. */
export function BotView({ botId, canManage }: { botId: string; canManage: boolean }) {
  const t = useTranslations("bots");
  const tc = useTranslations("common");
  const bot = useQuery(botQuery(botId));

  return (
    <>
      <Link
        href="/bots"
        className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("page.backToBots")}
      </Link>
      {bot.isPending ? (
        <div role="status" aria-label={tc("loading")}>
          <Skeleton className="mb-2 h-8 w-64" />
          <Skeleton className="mb-6 h-4 w-48" />
          <div className="grid gap-6 lg:grid-cols-3">
            <Skeleton className="h-80 lg:col-span-2" />
            <Skeleton className="h-80" />
          </div>
        </div>
      ) : bot.isError ? (
        bot.error instanceof ApiRequestError && bot.error.status === 404 ? (
          <Card>
            <EmptyState
              icon={Bot}
              title={tc("notFoundTitle")}
              text={t("page.notFound")}
              action={
                <Button asChild>
                  <Link href="/bots">{t("page.backToBots")}</Link>
                </Button>
              }
            />
          </Card>
        ) : (
          <Card>
            <ErrorState onRetry={() => void bot.refetch()} />
          </Card>
        )
      ) : (
        <BotDetails bot={bot.data} canManage={canManage} />
      )}
    </>
  );
}

function BotDetails({ bot, canManage }: { bot: BotDto; canManage: boolean }) {
  const t = useTranslations("bots");
  const tc = useTranslations("common");
  const tf = useTranslations("flows.list");
  const router = useRouter();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [renaming, setRenaming] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.delete(botPath(bot.id)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ["bots", bot.id] });
      void queryClient.invalidateQueries({ queryKey: botsKey });
      toast.success(t("delete.deleted", { name: bot.name }));
      router.push("/bots");
    },
    onError: (err) => report(err),
  });

  return (
    <>
      <PageHeader
        title={bot.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {bot.username
              ? t("page.subtitle", { username: `@${bot.username}` })
              : t("page.subtitleUnknown")}
            {bot.webhookUrl ? (
              <Badge tone="success">{t("connected")}</Badge>
            ) : (
              <Badge tone="warning">{t("notConnected")}</Badge>
            )}
          </span>
        }
        actions={
          <>
            <Button variant="secondary" asChild>
              <Link href={`/bots/${encodeURIComponent(bot.id)}/flows`}>
                <Workflow aria-hidden />
                {tf("openFlows")}
              </Link>
            </Button>
            {canManage ? (
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <Button variant="secondary" size="icon" aria-label={t("page.actions")}>
                    <MoreHorizontal aria-hidden />
                  </Button>
                </DropdownMenuTrigger>
                <DropdownMenuContent align="end">
                  <DropdownMenuItem onSelect={() => setRenaming(true)}>
                    <Pencil aria-hidden />
                    {t("rename.action")}
                  </DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => setReplacing(true)}>
                    <KeyRound aria-hidden />
                    {t("replaceToken.action")}
                  </DropdownMenuItem>
                  <DropdownMenuSeparator />
                  <DropdownMenuItem
                    className="text-red-600 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-700 [&_svg]:text-red-500"
                    onSelect={() => setDeleting(true)}
                  >
                    <Trash2 aria-hidden />
                    {tc("delete")}
                  </DropdownMenuItem>
                </DropdownMenuContent>
              </DropdownMenu>
            ) : null}
          </>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-3">
        <WebhookCard
          bot={bot}
          canManage={canManage}
          onReplaceToken={() => setReplacing(true)}
          className="lg:col-span-2"
        />
        <IdentityCard bot={bot} canManage={canManage} onReplaceToken={() => setReplacing(true)} />
        <SupportCard botId={bot.id} canManage={canManage} />
      </div>

      <RenameBotDialog bot={renaming ? bot : null} onClose={() => setRenaming(false)} />
      <ReplaceTokenDialog bot={bot} open={replacing} onOpenChange={setReplacing} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("delete.title", { name: bot.name })}
        description={t("delete.text")}
        confirmLabel={t("delete.confirm")}
        onConfirm={() => remove.mutateAsync()}
      />
    </>
  );
}

function IdentityCard({
  bot,
  canManage,
  onReplaceToken,
}: {
  bot: BotDto;
  canManage: boolean;
  onReplaceToken: () => void;
}) {
  const t = useTranslations("bots.identity");
  const tr = useTranslations("bots.replaceToken");
  const dates = useDateFormat();
  const row = (label: string, value: React.ReactNode) => (
    <div className="py-3">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900">{value}</dd>
    </div>
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="py-2">
        <dl className="divide-y divide-slate-100">
          {bot.telegram ? (
            <>
              {row(t("displayName"), bot.telegram.firstName)}
              {row(
                t("username"),
                <a
                  href={`https://t.me/${encodeURIComponent(bot.telegram.username)}`}
                  target="_blank"
                  rel="noreferrer"
                  className="inline-flex items-center gap-1 text-brand-600 hover:underline"
                  title={t("openInTelegram")}
                >
                  @{bot.telegram.username}
                  <ExternalLink className="size-3.5" aria-hidden />
                </a>,
              )}
              {row(t("telegramId"), <span className="font-mono">{bot.telegram.id}</span>)}
            </>
          ) : (
            row(t("username"), <span className="text-slate-500">{t("unknown")}</span>)
          )}
          {row(
            t("token"),
            <span className="flex flex-wrap items-center justify-between gap-2">
              <span className="text-slate-600">{t("tokenStored")}</span>
              {canManage ? (
                <Button size="sm" variant="secondary" onClick={onReplaceToken}>
                  <KeyRound aria-hidden />
                  {tr("action")}
                </Button>
              ) : null}
            </span>,
          )}
          {row(
            t("added"),
            <time dateTime={bot.createdAt} title={dates.precise(bot.createdAt)}>
              {dates.date(bot.createdAt)}
            </time>,
          )}
        </dl>
      </CardContent>
    </Card>
  );
}
