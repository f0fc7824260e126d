"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Bot, Headset, History, Package, ShoppingBag, User, Zap } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useDateFormat } from "@/components/format/use-date-format";
import { OrderStatusBadge, TestBadge } from "@/components/orders/status-badge";
import { Price } from "@/components/products/price";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import type { OrderStatus } from "@/lib/payments/orders/status";
import { timelineQuery, type TimelineItemDto } from "./queries";

function icon(item: TimelineItemDto) {
  if (item.source === "message")
    return item.author === "contact" ? User : item.author === "agent" ? Headset : Bot;
  if (item.source === "order") return ShoppingBag;
  if (item.source === "delivery") return Package;
  if (item.source === "event") return Zap;
  return History;
}

/** A journal entry's data in a line: what changed, before → after. */
function journalSummary(data: Record<string, unknown>): string {
  const before = (data.before ?? {}) as Record<string, unknown>;
  const after = (data.after ?? {}) as Record<string, unknown>;
  const keys = Object.keys(after);
  if (!keys.length) return "";
  const show = (v: unknown) =>
    Array.isArray(v)
      ? v.join(", ") || "—"
      : v && typeof v === "object"
        ? Object.entries(v)
            .map(([k, x]) => `${k}=${String(x)}`)
            .join(", ") || "—"
        : v === null || v === undefined || v === ""
          ? "—"
          : String(v);
  return keys.map((k) => `${k}: ${show(before[k])} → ${show(after[k])}`).join("; ");
}

/** Messages, orders, deliveries, events and changes, newest first, more on demand. */
export function ContactTimeline({ id }: { id: string }) {
  const t = useTranslations("contacts.timeline");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const timeline = useInfiniteQuery(timelineQuery(id));
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardContent className="p-0">
        {timeline.isPending ? (
          <SkeletonRows rows={5} label={tc("loading")} />
        ) : timeline.isError ? (
          <ErrorState onRetry={() => void timeline.refetch()} />
        ) : items.length === 0 ? (
          <p className="px-5 pb-5 text-sm text-slate-500">{t("empty")}</p>
        ) : (
          <ol className="divide-y divide-slate-100">
            {items.map((item) => {
              const Icon = icon(item);
              const mine = item.source === "message" && item.direction === "in";
              return (
                <li key={`${item.source}:${item.id}`} className="flex gap-3 px-5 py-3">
                  <span
                    aria-hidden
                    className={cn(
                      "mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full",
                      mine ? "bg-brand-50 text-brand-700" : "bg-slate-100 text-slate-600",
                    )}
                  >
                    <Icon className="size-3.5" />
                  </span>
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <span className="text-xs font-medium text-slate-500">
                        {item.source === "message"
                          ? t(`author.${item.author}`)
                          : item.source === "journal"
                            ? item.kind
                            : t(`source.${item.source}`)}
                      </span>
                      <time
                        className="text-xs whitespace-nowrap text-slate-400"
                        dateTime={item.at}
                        title={dates.precise(item.at)}
                      >
                        {dates.dateTime(item.at)}
                      </time>
                    </div>
                    <TimelineBody item={item} summary={journalSummary} />
                  </div>
                </li>
              );
            })}
          </ol>
        )}
        {timeline.hasNextPage ? (
          <div className="flex justify-center border-t border-slate-100 p-3">
            <Button
              variant="secondary"
              onClick={() => void timeline.fetchNextPage()}
              loading={timeline.isFetchingNextPage}
            >
              {t("more")}
            </Button>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

function TimelineBody({
  item,
  summary,
}: {
  item: TimelineItemDto;
  summary: (data: Record<string, unknown>) => string;
}) {
  const t = useTranslations("contacts.timeline");
  const td = useTranslations("orders.delivery.statuses");
  switch (item.source) {
    case "message": {
      const content = item.content as { pressed?: string; phone?: string; file?: { name: string } };
      return (
        <p className="mt-0.5 text-sm break-words whitespace-pre-wrap text-slate-800">
          {item.text ||
            (content.pressed
              ? t("pressed", { data: content.pressed })
              : content.phone
                ? t("sharedPhone", { phone: content.phone })
                : content.file
                  ? t("file", { name: content.file.name })
                  : "—")}
        </p>
      );
    }
    case "order":
      return (
        <p className="mt-0.5 flex flex-wrap items-center gap-2 text-sm">
          <Link
            href={`/orders/${item.orderId}`}
            className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
          >
            {item.title}
          </Link>
          <Price minor={item.amountMinor} currency={item.currency} />
          <OrderStatusBadge status={item.status as OrderStatus} />
          {item.test ? <TestBadge /> : null}
        </p>
      );
    case "delivery":
      return (
        <p className="mt-0.5 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <Link href={`/orders/${item.orderId}`} className="hover:text-brand-700 hover:underline">
            {t(`method.${item.method}`)}
          </Link>
          <Badge
            tone={
              item.status === "issued" ? "success" : item.status === "failed" ? "danger" : "neutral"
            }
          >
            {td.has(item.status) ? td(item.status) : item.status}
          </Badge>
        </p>
      );
    case "event":
      return (
        <p className="mt-0.5 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <span className="font-mono text-xs">{item.type}</span>
          <Badge>{item.status}</Badge>
          {item.test ? <Badge tone="warning">test</Badge> : null}
        </p>
      );
    case "journal": {
      const text = summary(item.data);
      return text ? <p className="mt-0.5 text-sm text-slate-700">{text}</p> : null;
    }
  }
}
