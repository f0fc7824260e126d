"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Ban, Pause, Play } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
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
import { BroadcastCompose } from "./compose";
import { ProgressBar } from "./progress-bar";
import {
  broadcastPath,
  broadcastQuery,
  broadcastsKey,
  doneOf,
  statusTone,
  type BroadcastDto,
} from "./queries";

/** A broadcast: the compose form while it is a draft or scheduled, its progress once it started. */
export function BroadcastView({ id }: { id: string }) {
  const t = useTranslations("broadcasts");
  const query = useQuery(broadcastQuery(id));
  const back = (
    <Link
      href="/broadcasts"
      className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900"
    >
      <ArrowLeft className="size-4" aria-hidden /> {t("back")}
    </Link>
  );
  if (query.isError)
    return (
      <div>
        {back}
        <Card>
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  if (query.isPending)
    return (
      <div>
        {back}
        <Card>
          <SkeletonRows rows={5} label={t("loading")} />
        </Card>
      </div>
    );
  const { broadcast: b, clicks } = query.data;
  const editable = b.status === "draft" || b.status === "scheduled";
  return (
    <div>
      {back}
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {b.name}
            <Badge tone={statusTone[b.status]}>{t(`status.${b.status}`)}</Badge>
          </span>
        }
        description={editable ? t("draftDescription") : undefined}
        actions={editable ? undefined : <Controls broadcast={b} />}
      />
      {editable ? (
        <BroadcastCompose key={b.updatedAt} broadcast={b} />
      ) : (
        <Progress broadcast={b} clicks={clicks} />
      )}
    </div>
  );
}

function Controls({ broadcast: b }: { broadcast: BroadcastDto }) {
  const t = useTranslations("broadcasts.controls");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [cancelling, setCancelling] = useState(false);
  const act = useMutation({
    mutationFn: (action: "pause" | "resume" | "cancel") =>
      api.post<{ broadcast: BroadcastDto }>(`${broadcastPath(b.id)}/${action}`),
    onSuccess: ({ broadcast }) => {
      queryClient.setQueryData(
        [...broadcastsKey, b.id],
        (old: { broadcast: BroadcastDto } | undefined) => (old ? { ...old, broadcast } : old),
      );
      void queryClient.invalidateQueries({ queryKey: broadcastsKey });
      toast.success(t(`done.${broadcast.status}`));
    },
    onError: (err) => report(err),
  });
  return (
    <>
      {b.status === "sending" ? (
        <Button variant="secondary" loading={act.isPending} onClick={() => act.mutate("pause")}>
          <Pause aria-hidden /> {t("pause")}
        </Button>
      ) : null}
      {b.status === "paused" ? (
        <Button loading={act.isPending} onClick={() => act.mutate("resume")}>
          <Play aria-hidden /> {t("resume")}
        </Button>
      ) : null}
      {b.status === "sending" || b.status === "paused" ? (
        <Button variant="ghost" className="text-red-700" onClick={() => setCancelling(true)}>
          <Ban aria-hidden /> {t("cancel")}
        </Button>
      ) : null}
      <ConfirmDialog
        open={cancelling}
        onOpenChange={setCancelling}
        title={t("cancelTitle")}
        description={t("cancelText", { pending: b.progress.pending })}
        confirmLabel={t("cancel")}
        onConfirm={() => act.mutateAsync("cancel")}
      />
    </>
  );
}

function Progress({
  broadcast: b,
  clicks,
}: {
  broadcast: BroadcastDto;
  clicks: {
    index: number;
    kind: "button" | "link";
    label: string;
    url: string;
    clicks: number;
    people: number;
  }[];
}) {
  const t = useTranslations("broadcasts.progress");
  const format = useFormatter();
  const stats = [
    { key: "sent", n: b.progress.sent, className: "text-emerald-700" },
    { key: "pending", n: b.progress.pending, className: "text-slate-900" },
    { key: "blocked", n: b.progress.blocked, className: "text-amber-700" },
    { key: "failed", n: b.progress.failed, className: "text-red-700" },
    ...(b.progress.cancelled
      ? [{ key: "cancelled", n: b.progress.cancelled, className: "text-slate-500" }]
      : []),
  ] as const;
  const done = doneOf(b);
  const percent = b.total ? Math.floor((done / b.total) * 100) : 100;
  const dt = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" }) : "—";
  return (
    <div className="space-y-6">
      <Card>
        <CardContent className="space-y-4 pt-5">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="text-sm text-slate-700">{t("of", { done, total: b.total, percent })}</p>
            <p className="text-xs text-slate-500">
              {b.paid
                ? t("ratePaid", { rate: b.ratePerSecond })
                : t("rate", { rate: b.ratePerSecond })}
            </p>
          </div>
          <ProgressBar broadcast={b} />
          <dl
            className={`grid grid-cols-2 gap-4 ${stats.length > 4 ? "sm:grid-cols-5" : "sm:grid-cols-4"}`}
          >
            {stats.map((s) => (
              <div key={s.key} className="rounded-md border border-slate-200 p-3">
                <dt className="text-xs text-slate-500">{t(s.key)}</dt>
                <dd className={`mt-1 text-2xl font-semibold tabular-nums ${s.className}`}>
                  {format.number(s.n)}
                </dd>
              </div>
            ))}
          </dl>
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
            <div>
              <dt className="inline text-slate-500">{t("started")}: </dt>
              <dd className="inline text-slate-800">{dt(b.startedAt)}</dd>
            </div>
            <div>
              <dt className="inline text-slate-500">{t("finished")}: </dt>
              <dd className="inline text-slate-800">{dt(b.finishedAt)}</dd>
            </div>
            <div>
              <dt className="inline text-slate-500">{t("audience")}: </dt>
              <dd className="inline text-slate-800">{b.segmentName ?? t("ownFilter")}</dd>
            </div>
          </dl>
        </CardContent>
      </Card>
      <Card className="overflow-hidden">
        <CardHeader>
          <CardTitle>{t("clicks")}</CardTitle>
        </CardHeader>
        {clicks.length === 0 ? (
          <CardContent>
            <p className="text-sm text-slate-500">{t("noTargets")}</p>
          </CardContent>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("target")}</TableHead>
                <TableHead className="text-right">{t("taps")}</TableHead>
                <TableHead className="text-right">{t("people")}</TableHead>
                <TableHead className="text-right">{t("ctr")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {clicks.map((c) => (
                <TableRow key={c.index}>
                  <TableCell>
                    <div className="font-medium text-slate-900">
                      {c.label || c.url}{" "}
                      <span className="text-xs font-normal text-slate-500">({t(c.kind)})</span>
                    </div>
                    <div className="max-w-md truncate text-xs text-slate-500">{c.url}</div>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{c.clicks}</TableCell>
                  <TableCell className="text-right tabular-nums">{c.people}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {b.progress.sent
                      ? format.number(c.people / b.progress.sent, {
                          style: "percent",
                          maximumFractionDigits: 1,
                        })
                      : "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("message")}</CardTitle>
        </CardHeader>
        <CardContent>
          <pre className="font-sans text-sm whitespace-pre-wrap text-slate-800">
            {b.message.text}
          </pre>
        </CardContent>
      </Card>
    </div>
  );
}
