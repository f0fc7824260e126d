"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, SearchX } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { ApiRequestError } from "@/components/api/request";
import { useDateFormat } from "@/components/format/use-date-format";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import type { OrderStatus } from "@/lib/payments/orders/status";
import { orderQuery, type OrderDto, type TimelineEntryDto } from "./queries";
import { DeliveryPanel } from "./delivery-panel";
import { RefundAction } from "./refund-action";
import { OrderStatusBadge, TestBadge } from "./status-badge";
import { OrderTimeline } from "./timeline";
import { Price } from "@/components/products/price";

const refNames = ["providerPaymentId", "chargeId", "providerChargeId", "subscriptionId"] as const;

/** One order: what was bought, by whom, for how much, and everything that happened to it. */
export function OrderView({ id, canRefund }: { id: string; canRefund: boolean }) {
  // Refunding and delivering are both the workspace.manage permission.
  const canManage = canRefund;
  const t = useTranslations("orders");
  const tc = useTranslations("common");
  const query = useQuery(orderQuery(id));

  const back = (
    <Link
      href="/orders"
      className="mb-3 inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800"
    >
      <ArrowLeft className="size-4" aria-hidden />
      {t("page.back")}
    </Link>
  );
  if (query.isPending) {
    return (
      <>
        {back}
        <Card>
          <SkeletonRows rows={4} label={tc("loading")} />
        </Card>
      </>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiRequestError && query.error.status === 404;
    return (
      <>
        {back}
        <Card>
          {missing ? (
            <EmptyState icon={SearchX} title={tc("notFoundTitle")} text={t("page.notFound")} />
          ) : (
            <ErrorState onRetry={() => void query.refetch()} />
          )}
        </Card>
      </>
    );
  }
  const { order, delivery, timeline } = query.data;
  return (
    <>
      {back}
      <OrderHeader order={order} />
      <div className="mt-4 grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card>
          <CardHeader>
            <CardTitle>{t("page.timeline")}</CardTitle>
          </CardHeader>
          <OrderTimeline order={order} entries={timeline} />
        </Card>
        <div className="space-y-4">
          <DeliveryPanel order={order} delivery={delivery} canDeliver={canManage} />
          <OrderRefs order={order} />
          {canRefund && (order.status === "paid" || order.status === "fulfilled") ? (
            <RefundAction order={order} requested={refundRequested(timeline)} />
          ) : null}
        </div>
      </div>
    </>
  );
}

/** A refund the provider accepted and has not confirmed yet (the order is still paid). */
function refundRequested(timeline: TimelineEntryDto[]): boolean {
  return timeline.some((e) => e.source === "journal" && e.kind === "order.refund_requested");
}

function OrderHeader({ order }: { order: OrderDto }) {
  const t = useTranslations("orders");
  const dates = useDateFormat();
  const facts: [string, React.ReactNode][] = [
    [
      t("page.amount"),
      <span key="a" className="font-semibold tabular-nums">
        <Price minor={order.amountMinor} currency={order.currency} />
      </span>,
    ],
    [
      t("page.buyer"),
      // The contacts section has no page per contact yet: the buyer's Telegram profile it is.
      order.contact ? (
        <span key="b">
          {order.contact.name || t("noBuyer")}
          {order.contact.username ? (
            <a
              href={`https://t.me/${encodeURIComponent(order.contact.username)}`}
              target="_blank"
              rel="noreferrer"
              className="ml-1 text-brand-700 hover:underline"
            >
              @{order.contact.username}
            </a>
          ) : null}
        </span>
      ) : (
        <span key="b" className="text-slate-400">
          {t("noBuyer")}
        </span>
      ),
    ],
    [t("page.provider"), t(`providers.${order.provider}`)],
    [
      t("page.bot"),
      order.bot ? (
        <Link key="bot" href={`/bots/${order.bot.id}`} className="text-brand-700 hover:underline">
          {order.bot.name}
        </Link>
      ) : (
        "—"
      ),
    ],
    [t("page.created"), dates.dateTime(order.createdAt)],
    ...(order.paidAt ? [[t("page.paid"), dates.dateTime(order.paidAt)] as [string, string]] : []),
    ...(order.refundedAt
      ? [[t("page.refunded"), dates.dateTime(order.refundedAt)] as [string, string]]
      : []),
    ...(order.expiresAt && (order.status === "created" || order.status === "pending")
      ? [[t("page.expires"), dates.dateTime(order.expiresAt)] as [string, string]]
      : []),
  ];
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 p-5">
        <div className="min-w-0">
          <h1 className="truncate text-xl font-semibold text-slate-900">
            {order.productId ? (
              <Link href="/products" className="hover:text-brand-700 hover:underline">
                {order.title}
              </Link>
            ) : (
              order.title
            )}
          </h1>
          <p className="mt-1 font-mono text-xs text-slate-500">
            {t("page.orderId", { id: order.id })}
          </p>
        </div>
        <div className="flex items-center gap-1.5">
          <OrderStatusBadge status={order.status as OrderStatus} />
          {order.test ? <TestBadge /> : null}
        </div>
      </div>
      <dl className="grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-2 lg:grid-cols-4">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="mt-0.5 text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function OrderRefs({ order }: { order: OrderDto }) {
  const t = useTranslations("orders.page");
  const refs = refNames.filter((name) => order[name]);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-sm">{t("refs")}</CardTitle>
      </CardHeader>
      {refs.length ? (
        <dl className="space-y-2 p-4 text-sm">
          {refs.map((name) => (
            <div key={name}>
              <dt className="text-xs text-slate-500">{t(`refNames.${name}`)}</dt>
              <dd className="font-mono text-xs break-all text-slate-800">{order[name]}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="p-4 text-sm text-slate-500">{t("noRefs")}</p>
      )}
    </Card>
  );
}
