"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ShoppingCart } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { useDateFormat } from "@/components/format/use-date-format";
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
import type { OrderStatus } from "@/lib/payments/orders/status";
import { OrdersFilters, periods, type FilterState, type Period } from "./orders-filters";
import { orderHref, ordersQuery, type OrderFilters } from "./queries";
import { OrderStatusBadge, TestBadge } from "./status-badge";
import { Price } from "@/components/products/price";

const DAY = 86_400_000;

function fromOf(period: Period): string | undefined {
  if (period === "all") return undefined;
  const start = new Date();
  if (period === "today") start.setHours(0, 0, 0, 0);
  else start.setTime(start.getTime() - (period === "7d" ? 7 : 30) * DAY);
  // Whole minutes, so the query key (and the cache) stays put while the page is open.
  start.setSeconds(0, 0);
  return start.toISOString();
}

/** The Orders page: filters in the URL, newest orders first, more on demand. */
export function OrdersView() {
  const t = useTranslations("orders");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();

  const state: FilterState = {
    status: search.get("status") ?? "",
    provider: search.get("provider") ?? "",
    period: (periods as readonly string[]).includes(search.get("period") ?? "")
      ? (search.get("period") as Period)
      : "all",
    mode: search.get("mode") ?? "",
    q: search.get("q") ?? "",
  };
  const filters: OrderFilters = useMemo(
    () => ({
      status: state.status || undefined,
      provider: state.provider || undefined,
      mode: state.mode || undefined,
      from: fromOf(state.period),
      q: state.q || undefined,
    }),
    [state.status, state.provider, state.mode, state.period, state.q],
  );
  const orders = useInfiniteQuery(ordersQuery(filters));
  const rows = orders.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  function change(next: Partial<FilterState>) {
    const params = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v && v !== "all") params.set(k, v);
      else params.delete(k);
    }
    const qs = params.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card>
        <OrdersFilters key={state.q} value={state} onChange={change} />
        {orders.isPending ? (
          <SkeletonRows rows={5} label={tc("loading")} />
        ) : orders.isError ? (
          <ErrorState onRetry={() => void orders.refetch()} />
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState icon={ShoppingCart} title={t("noMatch.title")} text={t("noMatch.text")} />
          ) : (
            <EmptyState
              icon={ShoppingCart}
              title={t("empty.title")}
              text={t("empty.text")}
              action={
                <>
                  <Button asChild>
                    <Link href="/products">{t("empty.products")}</Link>
                  </Button>
                  <Button variant="secondary" asChild>
                    <Link href="/settings/payments">{t("empty.payments")}</Link>
                  </Button>
                </>
              }
            />
          )
        ) : (
          <>
            <Table aria-label={t("title")}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("columns.order")}</TableHead>
                  <TableHead>{t("columns.buyer")}</TableHead>
                  <TableHead className="text-right">{t("columns.amount")}</TableHead>
                  <TableHead>{t("columns.provider")}</TableHead>
                  <TableHead>{t("columns.status")}</TableHead>
                  <TableHead>{t("columns.created")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((order) => (
                  <TableRow key={order.id}>
                    <TableCell className="max-w-64">
                      <Link
                        href={orderHref(order.id)}
                        className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline"
                      >
                        {order.title}
                      </Link>
                      <span className="font-mono text-xs text-slate-400">
                        {order.id.slice(0, 8)}
                      </span>
                    </TableCell>
                    <TableCell className="max-w-48">
                      {order.contact ? (
                        <>
                          <span className="block truncate text-slate-800">
                            {order.contact.name}
                          </span>
                          {order.contact.username ? (
                            <span className="text-xs text-slate-500">
                              @{order.contact.username}
                            </span>
                          ) : null}
                        </>
                      ) : (
                        <span className="text-slate-400">{t("noBuyer")}</span>
                      )}
                    </TableCell>
                    <TableCell className="text-right font-medium whitespace-nowrap tabular-nums">
                      <Price minor={order.amountMinor} currency={order.currency} />
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-slate-600">
                      {t(`providers.${order.provider}`)}
                    </TableCell>
                    <TableCell>
                      <span className="flex flex-wrap items-center gap-1">
                        <OrderStatusBadge status={order.status as OrderStatus} />
                        {order.test ? <TestBadge /> : null}
                      </span>
                    </TableCell>
                    <TableCell
                      className="whitespace-nowrap text-slate-500"
                      title={dates.precise(order.createdAt)}
                    >
                      {dates.dateTime(order.createdAt)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {orders.hasNextPage ? (
              <div className="flex justify-center border-t border-slate-100 p-3">
                <Button
                  variant="secondary"
                  onClick={() => void orders.fetchNextPage()}
                  loading={orders.isFetchingNextPage}
                >
                  {t("loadMore")}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
