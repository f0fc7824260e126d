"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, MoreHorizontal, Pencil, PlugZap, Plus, Trash2, Workflow } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonRows } from "@/components/ui/skeleton";
import { AddBotDialog } from "./add-bot-dialog";
import { botHref, botPath, botsKey, botsQuery, type BotDto } from "./queries";
import { RenameBotDialog } from "./rename-bot-dialog";

export function BotsView({ canManage }: { canManage: boolean }) {
  const t = useTranslations("bots");
  const tc = useTranslations("common");
  const tf = useTranslations("flows.list");
  const dates = useDateFormat();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const bots = useQuery(botsQuery);
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<BotDto | null>(null);
  const [deleting, setDeleting] = useState<BotDto | null>(null);
  const remove = useMutation({
    mutationFn: (bot: BotDto) => api.delete(botPath(bot.id)),
    onSuccess: (_, bot) => {
      void queryClient.invalidateQueries({ queryKey: botsKey });
      toast.success(t("delete.deleted", { name: bot.name }));
    },
    onError: (err) => report(err),
  });

  const addButton = canManage ? (
    <Button onClick={() => setAdding(true)}>
      <Plus aria-hidden />
      {t("addBot")}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={bots.data?.length ? addButton : null}
      />
      <Card>
        {bots.isPending ? (
          <SkeletonRows rows={3} label={tc("loading")} />
        ) : bots.isError ? (
          <ErrorState onRetry={() => void bots.refetch()} />
        ) : bots.data.length === 0 ? (
          <EmptyState
            icon={Bot}
            title={t("empty.title")}
            text={
              <>
                <p>{t("empty.text")}</p>
                <ol className="mx-auto mt-4 max-w-sm list-decimal space-y-1.5 pl-5 text-left">
                  <li>{t("empty.step1")}</li>
                  <li>{t("empty.step2")}</li>
                  <li>{t("empty.step3")}</li>
                </ol>
              </>
            }
            action={
              <>
                {addButton}
                <Button variant="secondary" asChild>
                  <a href="https://t.me/BotFather" target="_blank" rel="noreferrer">
                    {t("empty.openBotFather")}
                  </a>
                </Button>
              </>
            }
          />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t("listLabel")}>
            {bots.data.map((bot) => (
              <li key={bot.id} className="flex items-center gap-4 px-5 py-4">
                <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-50 text-brand-600">
                  <Bot className="size-5" aria-hidden />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-slate-900">
                    <Link
                      href={botHref(bot.id)}
                      className="hover:text-brand-700 hover:underline focus-visible:underline focus-visible:outline-none"
                    >
                      {bot.name}
                    </Link>
                  </p>
                  <p className="flex flex-wrap gap-x-1.5 text-sm text-slate-500">
                    <span>{bot.username ? `@${bot.username}` : t("usernameUnknown")}</span>
                    <span aria-hidden className="max-sm:hidden">
                      ·
                    </span>
                    <span className="max-sm:w-full">
                      {t("addedOn", { date: dates.date(bot.createdAt) })}
                    </span>
                  </p>
                </div>
                {bot.webhookUrl ? (
                  <Badge tone="success" className="hidden sm:inline-flex">
                    {t("connected")}
                  </Badge>
                ) : (
                  <Badge tone="warning" className="hidden sm:inline-flex">
                    {t("notConnected")}
                  </Badge>
                )}
                <Button variant="secondary" size="sm" asChild>
                  <Link href={`/bots/${encodeURIComponent(bot.id)}/flows`}>
                    <Workflow aria-hidden />
                    {tf("openFlows")}
                  </Link>
                </Button>
                {canManage ? (
                  <DropdownMenu>
                    <DropdownMenuTrigger asChild>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={t("actionsFor", { name: bot.name })}
                      >
                        <MoreHorizontal aria-hidden />
                      </Button>
                    </DropdownMenuTrigger>
                    <DropdownMenuContent align="end">
                      <DropdownMenuItem asChild>
                        <Link href={botHref(bot.id)}>
                          <PlugZap aria-hidden />
                          {t("openBot", { name: bot.name })}
                        </Link>
                      </DropdownMenuItem>
                      <DropdownMenuItem onSelect={() => setRenaming(bot)}>
                        <Pencil aria-hidden />
                        {t("rename.action")}
                      </DropdownMenuItem>
                      <DropdownMenuItem
                        className="text-red-600 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-700 [&_svg]:text-red-500"
                        onSelect={() => setDeleting(bot)}
                      >
                        <Trash2 aria-hidden />
                        {tc("delete")}
                      </DropdownMenuItem>
                    </DropdownMenuContent>
                  </DropdownMenu>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <AddBotDialog open={adding} onOpenChange={setAdding} />
      <RenameBotDialog bot={renaming} onClose={() => setRenaming(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("delete.title", { name: deleting?.name ?? "" })}
        description={t("delete.text")}
        confirmLabel={t("delete.confirm")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : undefined)}
      />
    </>
  );
}
