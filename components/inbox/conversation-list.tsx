"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Inbox } from "lucide-react";
import { useTranslations } from "next-intl";
import { useDateFormat } from "@/components/format/use-date-format";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { SearchBox } from "@/components/ui/search-box";
import { SkeletonRows } from "@/components/ui/skeleton";
import { conversationsQuery, type ConversationSummaryDto, type InboxFilter } from "./queries";
import { StatusBadge } from "./status-badge";

export const inboxFilters: InboxFilter[] = ["waiting", "mine", "unassigned", "all", "closed"];

/** The left pane: tabs with counts, search, and the conversations newest first. */
export function ConversationList({
  filter,
  q,
  selectedId,
  onFilter,
  onSearch,
  onSelect,
  className,
}: {
  filter: InboxFilter;
  q: string;
  selectedId: string | null;
  onFilter: (filter: InboxFilter) => void;
  onSearch: (q: string) => void;
  onSelect: (id: string) => void;
  className?: string;
}) {
  const t = useTranslations("inbox");
  const tc = useTranslations("common");
  const list = useInfiniteQuery(conversationsQuery(filter, q));
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const counts = list.data?.pages[0]?.counts;

  return (
    <section
      aria-label={t("list.label")}
      className={cn("flex min-h-0 flex-col border-slate-200 bg-white", className)}
    >
      <div
        role="tablist"
        aria-label={t("list.filters")}
        className="flex flex-wrap gap-1 border-b border-slate-100 p-2"
      >
        {inboxFilters.map((f) => {
          const count = counts?.[f];
          const badge = f === "waiting" || f === "unassigned" ? count?.total : count?.unread;
          return (
            <button
              key={f}
              role="tab"
              type="button"
              aria-selected={filter === f}
              onClick={() => onFilter(f)}
              className={cn(
                "flex shrink-0 items-center gap-1 rounded-full px-2.5 py-1 text-xs font-medium whitespace-nowrap",
                filter === f
                  ? "bg-brand-600 text-white"
                  : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
              )}
            >
              {t(`filters.${f}`)}
              {badge ? (
                <span
                  className={cn(
                    "rounded-full px-1.5 text-xs tabular-nums",
                    filter === f
                      ? "bg-white/25 text-white"
                      : f === "waiting" || f === "unassigned"
                        ? "bg-amber-100 text-amber-800"
                        : "bg-brand-100 text-brand-700",
                  )}
                >
                  {badge}
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      <div className="border-b border-slate-100 p-2">
        <SearchBox
          value={q}
          onSearch={onSearch}
          label={t("list.search")}
          placeholder={t("list.searchPlaceholder")}
          className="min-w-0"
        />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {list.isPending ? (
          <SkeletonRows rows={6} label={tc("loading")} />
        ) : list.isError ? (
          <ErrorState onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <div className="flex flex-col items-center px-6 py-12 text-center">
            <Inbox className="mb-3 size-8 text-slate-300" aria-hidden />
            <p className="text-sm font-medium text-slate-700">
              {q ? t("list.noMatch") : t(`list.empty.${filter}`)}
            </p>
            <p className="mt-1 text-xs text-slate-500">
              {q ? t("list.noMatchHint") : t("list.emptyHint")}
            </p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100">
            {rows.map((c) => (
              <li key={c.id}>
                <ConversationRow
                  conversation={c}
                  selected={c.id === selectedId}
                  onSelect={() => onSelect(c.id)}
                />
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage ? (
          <div className="flex justify-center p-3">
            <Button
              variant="secondary"
              size="sm"
              onClick={() => void list.fetchNextPage()}
              loading={list.isFetchingNextPage}
            >
              {t("list.more")}
            </Button>
          </div>
        ) : null}
      </div>
    </section>
  );
}

function ConversationRow({
  conversation: c,
  selected,
  onSelect,
}: {
  conversation: ConversationSummaryDto;
  selected: boolean;
  onSelect: () => void;
}) {
  const t = useTranslations("inbox");
  const dates = useDateFormat();
  const initials = c.contact.name
    .split(/\s+/)
    .map((w) => w[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-current={selected ? "true" : undefined}
      className={cn(
        "flex w-full gap-3 px-3 py-3 text-left hover:bg-slate-50",
        selected && "bg-brand-50/70 hover:bg-brand-50",
      )}
    >
      <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-600">
        {initials || "?"}
      </span>
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline justify-between gap-2">
          <span className={cn("truncate text-sm text-slate-900", c.unread > 0 && "font-semibold")}>
            {c.contact.name || t("unnamed")}
          </span>
          <time
            dateTime={c.lastMessageAt}
            title={dates.precise(c.lastMessageAt)}
            className="shrink-0 text-xs text-slate-400"
          >
            {dates.ago(c.lastMessageAt)}
          </time>
        </span>
        <span className="mt-0.5 flex items-center justify-between gap-2">
          <span
            className={cn("truncate text-sm", c.unread > 0 ? "text-slate-800" : "text-slate-500")}
          >
            {c.lastMessageText || t("list.noText")}
          </span>
          {c.unread > 0 ? (
            <span
              className="shrink-0 rounded-full bg-brand-600 px-1.5 text-xs font-medium text-white tabular-nums"
              aria-label={t("list.unread", { n: c.unread })}
            >
              {c.unread}
            </span>
          ) : null}
        </span>
        <span className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
          <StatusBadge status={c.status} />
          {c.assignee ? <span className="truncate">{c.assignee.name}</span> : null}
          <span className="truncate text-slate-400">· {c.bot.name}</span>
        </span>
      </span>
    </button>
  );
}
