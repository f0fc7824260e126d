"use client";

import { useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { listIncidents, type incidentSchema } from "@/lib/api/contracts/alerts";
import { summaryArgs } from "@/lib/alerts/kinds";

type Incident = z.infer<typeof incidentSchema>;

/** The figures of an incident as the summary's ICU arguments (missing ones read as blanks). */
/** Settings → Alerts: open incidents first, then the latest resolved ones. */
export function IncidentsList() {
  const t = useTranslations("alerts");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const incidents = useQuery({
    queryKey: ["incidents"],
    queryFn: ({ signal }) =>
      api.get<{ data: Incident[] }>(listIncidents.path, undefined, signal).then((r) => r.data),
    // The checks run every minute; the list follows them while the page is open.
    refetchInterval: 60_000,
  });

  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle>{t("incidents.title")}</CardTitle>
        <CardDescription>{t("incidents.description")}</CardDescription>
      </CardHeader>
      {incidents.isPending ? (
        <SkeletonRows label={tc("loading")} />
      ) : incidents.isError ? (
        <ErrorState onRetry={() => void incidents.refetch()} />
      ) : incidents.data.length === 0 ? (
        <EmptyState
          icon={ShieldCheck}
          title={t("incidents.empty.title")}
          text={t("incidents.empty.text")}
        />
      ) : (
        <Table aria-label={t("incidents.title")} stack>
          <TableHeader>
            <TableRow>
              <TableHead>{t("incidents.columns.status")}</TableHead>
              <TableHead>{t("incidents.columns.problem")}</TableHead>
              <TableHead>{t("incidents.columns.opened")}</TableHead>
              <TableHead>{t("incidents.columns.ended")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {incidents.data.map((i) => (
              <TableRow key={i.id}>
                <TableCell label={t("incidents.columns.status")}>
                  {i.status === "open" ? (
                    <Badge tone="danger">{t("incidents.open")}</Badge>
                  ) : (
                    <Badge tone="success">{t("incidents.resolved")}</Badge>
                  )}
                </TableCell>
                <TableCell className="max-w-xl">
                  <span className="block font-medium text-slate-900">
                    {t(`kinds.${i.kind}.title`)}
                  </span>
                  <span className="block text-xs break-words text-slate-600">
                    {t(`kinds.${i.kind}.summary`, summaryArgs(i.detail))}
                  </span>
                </TableCell>
                <TableCell label={t("incidents.columns.opened")} className="whitespace-nowrap">
                  <time dateTime={i.openedAt} title={dates.precise(i.openedAt)}>
                    {dates.dateTime(i.openedAt)}
                  </time>
                </TableCell>
                <TableCell label={t("incidents.columns.ended")} className="whitespace-nowrap">
                  {i.resolvedAt ? (
                    <time dateTime={i.resolvedAt} title={dates.precise(i.resolvedAt)}>
                      {dates.dateTime(i.resolvedAt)}
                    </time>
                  ) : (
                    <span className="text-slate-600">
                      {t("incidents.ongoing")}
                      <span className="block text-xs text-slate-500">
                        {t("incidents.lastSeen", { time: dates.ago(i.lastSeenAt) })}
                      </span>
                    </span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
