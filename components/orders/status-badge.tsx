"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { OrderStatus } from "@/lib/payments/orders/status";

/** One colour per status, so a column of them reads at a glance. */
const tones: Record<OrderStatus, string> = {
  created: "bg-slate-100 text-slate-700",
  pending: "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
  paid: "bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200",
  fulfilled: "bg-emerald-600 text-white",
  failed: "bg-red-50 text-red-700 ring-1 ring-red-200",
  canceled: "bg-slate-100 text-slate-500 line-through decoration-slate-400",
  expired: "bg-orange-50 text-orange-700",
  refunded: "bg-violet-50 text-violet-700 ring-1 ring-violet-200",
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const t = useTranslations("orders.status");
  return <Badge className={cn(tones[status])}>{t(status)}</Badge>;
}

export function TestBadge() {
  const t = useTranslations("orders");
  return (
    <Badge tone="warning" title={t("testHint")} className="uppercase tracking-wide">
      {t("test")}
    </Badge>
  );
}
