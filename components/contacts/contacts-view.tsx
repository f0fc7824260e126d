"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Download, ListChecks, Upload, Users } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useDateFormat } from "@/components/format/use-date-format";
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
import { segmentFilterSchema, type SegmentFilter } from "@/lib/contacts/segment-filter";
import { ContactsFilters } from "./contacts-filters";
import { FieldsDialog } from "./fields-dialog";
import { ImportDialog } from "./import-dialog";
import {
  cleanFilter,
  contactHref,
  contactsQuery,
  exportHref,
  initials,
  type ContactSort,
} from "./queries";
import { SegmentsPanel } from "./segments-panel";

const sorts: ContactSort[] = ["activity", "created", "name"];

/** The filter lives in the URL (?f=<json>), so a filtered list can be bookmarked and shared. */
function filterFromUrl(raw: string | null): SegmentFilter {
  if (!raw) return {};
  try {
    const parsed = segmentFilterSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function ContactsView({ canManage }: { canManage: boolean }) {
  const t = useTranslations("contacts");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const rawFilter = search.get("f");
  const filter = useMemo(() => filterFromUrl(rawFilter), [rawFilter]);
  const sort = (sorts as string[]).includes(search.get("sort") ?? "")
    ? (search.get("sort") as ContactSort)
    : "activity";
  const contacts = useInfiniteQuery(contactsQuery(filter, sort));
  const rows = contacts.data?.pages.flatMap((p) => p.data) ?? [];
  const total = contacts.data?.pages[0]?.total ?? null;
  const filtered = Object.keys(cleanFilter(filter)).length > 0;
  const [importing, setImporting] = useState(false);
  const [editingFields, setEditingFields] = useState(false);

  function navigate(next: { filter?: SegmentFilter; sort?: ContactSort }) {
    const params = new URLSearchParams(search.toString());
    const f = cleanFilter(next.filter ?? filter);
    if (Object.keys(f).length) params.set("f", JSON.stringify(f));
    else params.delete("f");
    const s = next.sort ?? sort;
    if (s !== "activity") params.set("sort", s);
    else params.delete("sort");
    const qs = params.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canManage ? (
            <>
              <Button variant="secondary" onClick={() => setEditingFields(true)}>
                <ListChecks aria-hidden />
                {t("fieldDefs.open")}
              </Button>
              <Button variant="secondary" onClick={() => setImporting(true)}>
                <Upload aria-hidden />
                {t("import.open")}
              </Button>
              <Button variant="secondary" asChild>
                <a href={exportHref(filter, sort)} download>
                  <Download aria-hidden />
                  {t("export")}
                </a>
              </Button>
            </>
          ) : null
        }
      />
      <div className="grid gap-4 lg:grid-cols-[14rem_minmax(0,1fr)]">
        <aside>
          <SegmentsPanel
            filter={filter}
            onPick={(f) => navigate({ filter: f })}
            canManage={canManage}
          />
        </aside>
        <Card>
          <ContactsFilters
            key={rawFilter ?? ""}
            value={filter}
            onChange={(f) => navigate({ filter: f })}
          />
          <div className="flex items-center justify-between gap-2 px-4 py-2 text-sm text-slate-600">
            <span aria-live="polite">{total !== null ? t("count", { n: total }) : "\u00a0"}</span>
            <label className="flex items-center gap-2">
              <span className="text-slate-500">{t("sort.label")}</span>
              <select
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                value={sort}
                onChange={(e) => navigate({ sort: e.target.value as ContactSort })}
              >
                {sorts.map((s) => (
                  <option key={s} value={s}>
                    {t(`sort.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {contacts.isPending ? (
            <SkeletonRows rows={6} label={tc("loading")} />
          ) : contacts.isError ? (
            <ErrorState message={contacts.error.message} onRetry={() => void contacts.refetch()} />
          ) : rows.length === 0 ? (
            filtered ? (
              <EmptyState
                icon={Users}
                title={t("noMatch.title")}
                text={t("noMatch.text")}
                action={
                  <Button variant="secondary" onClick={() => navigate({ filter: {} })}>
                    {t("filters.clear")}
                  </Button>
                }
              />
            ) : (
              <EmptyState
                icon={Users}
                title={t("empty.title")}
                text={t("empty.text")}
                action={
                  <Button asChild>
                    <Link href="/bots">{t("empty.bots")}</Link>
                  </Button>
                }
              />
            )
          ) : (
            <>
              <Table aria-label={t("title")}>
                <TableHeader>
                  <TableRow>
                    <TableHead>{t("columns.name")}</TableHead>
                    <TableHead>{t("columns.phone")}</TableHead>
                    <TableHead>{t("columns.tags")}</TableHead>
                    <TableHead className="text-right">{t("columns.orders")}</TableHead>
                    <TableHead>{t("columns.activity")}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((c) => (
                    <TableRow key={c.id}>
                      <TableCell className="max-w-72">
                        <Link href={contactHref(c.id)} className="group flex items-center gap-3">
                          <span
                            aria-hidden
                            className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700"
                          >
                            {initials(c.name)}
                          </span>
                          <span className="min-w-0">
                            <span className="flex items-center gap-1.5">
                              <span className="truncate font-medium text-slate-900 group-hover:text-brand-700 group-hover:underline">
                                {c.name || t("noName")}
                              </span>
                              {c.blocked ? <Badge tone="danger">{t("blocked")}</Badge> : null}
                              {c.test ? <Badge tone="warning">{t("test")}</Badge> : null}
                            </span>
                            <span className="block truncate text-xs text-slate-500">
                              {c.username ? `@${c.username}` : c.telegramId}
                              {" · "}
                              {c.bot.name}
                            </span>
                          </span>
                        </Link>
                      </TableCell>
                      <TableCell className="whitespace-nowrap text-slate-600 tabular-nums">
                        {c.phone ?? <span className="text-slate-400">—</span>}
                      </TableCell>
                      <TableCell className="max-w-64">
                        <span className="flex flex-wrap gap-1">
                          {c.tags.slice(0, 4).map((tag) => (
                            <Badge key={tag} tone="brand">
                              {tag}
                            </Badge>
                          ))}
                          {c.tags.length > 4 ? (
                            <Badge title={c.tags.slice(4).join(", ")}>+{c.tags.length - 4}</Badge>
                          ) : null}
                        </span>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{c.ordersCount}</TableCell>
                      <TableCell
                        className="whitespace-nowrap text-slate-500"
                        title={dates.precise(c.lastActivityAt)}
                      >
                        {dates.ago(c.lastActivityAt)}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {contacts.hasNextPage ? (
                <div className="flex justify-center border-t border-slate-100 p-3">
                  <Button
                    variant="secondary"
                    onClick={() => void contacts.fetchNextPage()}
                    loading={contacts.isFetchingNextPage}
                  >
                    {t("loadMore")}
                  </Button>
                </div>
              ) : null}
            </>
          )}
        </Card>
      </div>
      {canManage ? (
        <>
          <ImportDialog open={importing} onOpenChange={setImporting} />
          <FieldsDialog open={editingFields} onOpenChange={setEditingFields} />
        </>
      ) : null}
    </>
  );
}
