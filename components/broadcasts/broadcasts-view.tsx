"use client";

import { useQuery } from "@tanstack/react-query";
import { Megaphone, Plus } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonRows } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { botsQuery } from "@/components/bots/queries";
import { ProgressBar } from "./progress-bar";
import { broadcastHref, broadcastsQuery, doneOf, statusTone } from "./queries";

export function BroadcastsView() {
  const t = useTranslations("broadcasts");
  const format = useFormatter();
  const broadcasts = useQuery(broadcastsQuery);
  const bots = useQuery(botsQuery);
  const botName = (id: string) => bots.data?.find((b) => b.id === id)?.name ?? "";
  const noBot = bots.data?.length === 0;

  const newButton = (
    <Button asChild={!noBot} disabled={noBot}>
      {noBot ? (
        <span>
          <Plus aria-hidden /> {t("new")}
        </span>
      ) : (
        <Link href="/broadcasts/new">
          <Plus aria-hidden /> {t("new")}
        </Link>
      )}
    </Button>
  );

  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} actions={newButton} />
      {broadcasts.isError ? (
        <Card>
          <ErrorState
            message={broadcasts.error.message}
            onRetry={() => void broadcasts.refetch()}
          />
        </Card>
      ) : broadcasts.isPending ? (
        <Card>
          <SkeletonRows rows={4} label={t("loading")} />
        </Card>
      ) : broadcasts.data.length === 0 ? (
        <Card>
          <EmptyState
            icon={Megaphone}
            title={t("empty.title")}
            text={noBot ? t("empty.noBot") : t("empty.text")}
            action={
              noBot ? (
                <Button asChild>
                  <Link href="/bots">{t("empty.connectBot")}</Link>
                </Button>
              ) : (
                newButton
              )
            }
          />
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("columns.name")}</TableHead>
                <TableHead>{t("columns.status")}</TableHead>
                <TableHead className="w-64">{t("columns.progress")}</TableHead>
                <TableHead>{t("columns.when")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {broadcasts.data.map((b) => {
                const when = b.startedAt ?? b.scheduledAt ?? b.createdAt;
                return (
                  <TableRow key={b.id}>
                    <TableCell>
                      <Link
                        href={broadcastHref(b.id)}
                        className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
                      >
                        {b.name}
                      </Link>
                      <div className="text-xs text-slate-500">
                        {botName(b.botId)}
                        {b.segmentName ? ` · ${b.segmentName}` : ""}
                      </div>
                    </TableCell>
                    <TableCell>
                      <Badge tone={statusTone[b.status]}>{t(`status.${b.status}`)}</Badge>
                    </TableCell>
                    <TableCell>
                      {b.startedAt ? (
                        <div className="space-y-1">
                          <ProgressBar broadcast={b} />
                          <div className="text-xs text-slate-600">
                            {t("progressLine", {
                              done: doneOf(b),
                              total: b.total,
                              sent: b.progress.sent,
                              blocked: b.progress.blocked,
                            })}
                          </div>
                        </div>
                      ) : (
                        <span className="text-sm text-slate-500">—</span>
                      )}
                    </TableCell>
                    <TableCell className="text-sm text-slate-600">
                      {b.status === "scheduled" && b.scheduledAt
                        ? t("scheduledFor", {
                            at: format.dateTime(new Date(b.scheduledAt), {
                              dateStyle: "medium",
                              timeStyle: "short",
                            }),
                          })
                        : format.dateTime(new Date(when), {
                            dateStyle: "medium",
                            timeStyle: "short",
                          })}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Card>
      )}
    </div>
  );
}
