"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Download, ScrollText } from "lucide-react";
import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import type { z } from "zod";
import { api, withQuery } from "@/components/api/request";
import { useDateFormat } from "@/components/format/use-date-format";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
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
import { exportJournal, listJournal, type journalEntrySchema } from "@/lib/api/contracts/journal";
import {
  apiQueryFromFilters,
  filtersFromSearch,
  searchFromFilters,
  type JournalFilters,
} from "./filters";
import { JournalFiltersForm } from "./journal-filters-form";

type Entry = z.infer<typeof journalEntrySchema>;
type Page = { data: Entry[]; nextCursor: number | null; kinds: string[] };

const PAGE_SIZE = 50;

function summarize(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => {
      const text = typeof v === "string" ? v : JSON.stringify(v);
      return `${k}: ${text && text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
    })
    .join(" · ");
}

const shortId = (id: string) => id.slice(0, 8);

export function JournalView() {
  const t = useTranslations("journal");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const searchString = search.toString();
  const filters = useMemo(
    () => filtersFromSearch(new URLSearchParams(searchString)),
    [searchString],
  );
  const apiFilters = useMemo(() => apiQueryFromFilters(filters), [filters]);

  const journal = useInfiniteQuery({
    queryKey: ["journal", apiFilters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page>(
        listJournal.path,
        { ...apiFilters, before: pageParam, limit: PAGE_SIZE },
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  function applyFilters(next: JournalFilters) {
    const qs = searchFromFilters(next);
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  const entries = journal.data?.pages.flatMap((p) => p.data) ?? [];
  const kinds = journal.data?.pages[0]?.kinds ?? [];
  const filtered = Object.values(filters).some(Boolean);

  function actor(entry: Entry): string {
    if (entry.actorName) return entry.actorName;
    return t(`actors.${entry.actorType}`);
  }

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button variant="secondary" asChild>
            <a href={withQuery(exportJournal.path, apiFilters)} download>
              <Download aria-hidden />
              {t("export")}
            </a>
          </Button>
        }
      />
      <Card className="mb-6">
        <CardContent>
          <JournalFiltersForm value={filters} kinds={kinds} onApply={applyFilters} />
        </CardContent>
      </Card>
      <Card>
        {journal.isPending ? (
          <SkeletonRows rows={6} label={tc("loading")} />
        ) : journal.isError ? (
          <ErrorState message={journal.error.message} onRetry={() => void journal.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyState
            icon={ScrollText}
            title={filtered ? t("empty.filteredTitle") : t("empty.title")}
            text={filtered ? t("empty.filteredText") : t("empty.text")}
            action={
              filtered ? (
                <Button variant="secondary" onClick={() => applyFilters({})}>
                  {t("filters.clear")}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <>
            <Table aria-label={t("title")} stack>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("columns.time")}</TableHead>
                  <TableHead>{t("columns.kind")}</TableHead>
                  <TableHead>{t("columns.actor")}</TableHead>
                  <TableHead>{t("columns.subject")}</TableHead>
                  <TableHead>{t("columns.data")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {entries.map((entry) => {
                  const summary = summarize(entry.data);
                  const { contactId, orderId } = entry;
                  // The subject is often the bot or order itself: do not show one id twice.
                  const subjectId = [entry.botId, contactId, orderId].includes(entry.subjectId)
                    ? null
                    : entry.subjectId;
                  return (
                    <TableRow key={entry.id}>
                      <TableCell
                        label={t("columns.time")}
                        className="whitespace-nowrap text-slate-600"
                      >
                        <time dateTime={entry.at}>{dates.precise(entry.at)}</time>
                      </TableCell>
                      <TableCell label={t("columns.kind")}>
                        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap text-slate-800">
                          {entry.kind}
                        </code>
                      </TableCell>
                      <TableCell label={t("columns.actor")} className="whitespace-nowrap">
                        {actor(entry)}
                      </TableCell>
                      <TableCell label={t("columns.subject")}>
                        <div className="flex flex-wrap gap-x-3 gap-y-1 text-xs max-md:justify-end">
                          {contactId ? (
                            <button
                              type="button"
                              className="font-mono text-brand-600 hover:underline"
                              title={t("filterByContact", { id: contactId })}
                              onClick={() => applyFilters({ ...filters, contactId })}
                            >
                              {t("subjects.contact", { id: shortId(contactId) })}
                            </button>
                          ) : null}
                          {orderId ? (
                            <button
                              type="button"
                              className="font-mono text-brand-600 hover:underline"
                              title={t("filterByOrder", { id: orderId })}
                              onClick={() => applyFilters({ ...filters, orderId })}
                            >
                              {t("subjects.order", { id: shortId(orderId) })}
                            </button>
                          ) : null}
                          {entry.botId ? (
                            <span className="font-mono text-slate-500" title={entry.botId}>
                              {t("subjects.bot", { id: shortId(entry.botId) })}
                            </span>
                          ) : null}
                          {subjectId ? (
                            <span className="font-mono text-slate-500" title={subjectId}>
                              {t("subjects.other", {
                                what: entry.kind.split(".")[0] ?? "",
                                id: shortId(subjectId),
                              })}
                            </span>
                          ) : null}
                          {!contactId && !orderId && !entry.botId && !subjectId ? (
                            <span className="text-slate-400">—</span>
                          ) : null}
                        </div>
                      </TableCell>
                      <TableCell label={t("columns.data")} className="md:max-w-xs">
                        {summary ? (
                          <span
                            className="line-clamp-2 font-mono text-xs [overflow-wrap:anywhere] text-slate-600"
                            title={JSON.stringify(entry.data, null, 2)}
                          >
                            {summary}
                          </span>
                        ) : (
                          <span className="text-slate-400">—</span>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            <div className="flex items-center justify-between gap-4 border-t border-slate-100 px-5 py-3 text-sm text-slate-500">
              <span>{t("shown", { count: entries.length })}</span>
              {journal.hasNextPage ? (
                <Button
                  variant="secondary"
                  size="sm"
                  loading={journal.isFetchingNextPage}
                  onClick={() => void journal.fetchNextPage()}
                >
                  {t("loadMore")}
                </Button>
              ) : (
                <span>{t("end")}</span>
              )}
            </div>
          </>
        )}
      </Card>
    </>
  );
}
