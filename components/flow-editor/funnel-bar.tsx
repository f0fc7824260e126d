"use client";

import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { Filter, RotateCw, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useDateFormat } from "@/components/format/use-date-format";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { flowVersionsQuery } from "./draft-api";
import type { FunnelDto } from "./funnel-data";

/**
 * The funnel's bar over the canvas: which published version the figures belong to (and a way to
 * pick another), how many contacts reached it, and what the canvas shows meanwhile — or why it
 * shows nothing yet.
 */
export function FunnelBar({
  flowId,
  funnel,
  onVersion,
  onClose,
}: {
  flowId: string;
  funnel: UseQueryResult<FunnelDto>;
  /** Another version's number was picked. */
  onVersion(n: number): void;
  onClose(): void;
}) {
  const t = useTranslations("flows.editor.funnel");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const versions = useQuery({
    ...flowVersionsQuery(flowId),
    enabled: Boolean(funnel.data?.version),
  });
  const data = funnel.data;
  const version = data?.version;

  let body: React.ReactNode;
  if (funnel.isPending) body = <Skeleton className="h-5 w-64" />;
  else if (funnel.isError)
    body = (
      <span role="alert" className="text-sm text-red-700">
        {t("loadFailed")}
      </span>
    );
  else if (!version) body = <span className="text-sm text-slate-600">{t("unpublished")}</span>;
  else
    body = (
      <div className="flex min-w-0 flex-col gap-0.5">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <Select value={String(version.n)} onValueChange={(v) => onVersion(Number(v))}>
            <SelectTrigger className="h-8 w-auto min-w-40 text-sm" aria-label={t("version")}>
              <span>
                {t("versionOption", { n: version.n, date: dates.date(version.publishedAt) })}
              </span>
            </SelectTrigger>
            <SelectContent>
              {(versions.data ?? [version]).map((v) => (
                <SelectItem key={v.n} value={String(v.n)}>
                  {t("versionOption", { n: v.n, date: dates.date(v.publishedAt) })}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <span className="text-sm font-medium text-slate-900" data-funnel-contacts={data.contacts}>
            {t("contacts", { count: data.contacts })}
          </span>
        </div>
        <p className="text-xs text-slate-500">
          {data.contacts === 0
            ? t("noSessions", { n: version.n })
            : t("readOnly", { n: version.n })}
        </p>
      </div>
    );

  return (
    <div
      role="region"
      aria-label={t("title")}
      // Centred by auto margins between both insets: a fit-content box may use the canvas's
      // whole width (left-1/2 alone would cap it at half).
      className="absolute inset-x-3 top-3 z-10 mx-auto flex w-fit max-w-full items-center gap-3 rounded-lg border border-slate-200 bg-white/95 py-2 pr-2 pl-3 shadow-md backdrop-blur"
    >
      <span className="flex shrink-0 items-center gap-1.5 text-sm font-semibold text-slate-900">
        <Filter className="size-4 text-brand-600" aria-hidden />
        {t("title")}
      </span>
      {body}
      <div className="flex shrink-0 items-center">
        {!funnel.isPending ? (
          <Button
            variant="ghost"
            size="icon"
            onClick={() => void funnel.refetch()}
            disabled={funnel.isFetching}
            title={funnel.isError ? tc("retry") : t("refresh")}
            aria-label={funnel.isError ? tc("retry") : t("refresh")}
          >
            <RotateCw className={funnel.isFetching ? "animate-spin" : undefined} aria-hidden />
          </Button>
        ) : null}
        <Button
          variant="ghost"
          size="icon"
          onClick={onClose}
          title={t("close")}
          aria-label={t("close")}
        >
          <X aria-hidden />
        </Button>
      </div>
    </div>
  );
}
