"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PackageCheck } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { deliverOrder } from "@/lib/api/contracts/orders";
import { useDeliveryReason } from "./delivery-reason";
import { ordersKey, type DeliveryDto, type OrderDto } from "./queries";

type Delivered = z.infer<NonNullable<(typeof deliverOrder)["response"]>>;

const statusTone = {
  pending: "warning",
  issued: "success",
  failed: "danger",
  expired: "neutral",
  revoked: "neutral",
} as const;

const linkMethods = new Set(["one_time_link", "timed_link"]);

/**
 * What the order delivered: how, where it stands and why it failed, how much of a link is used;
 * and for a paid order whose goods are missing or failed, the button that issues them now.
 */
export function DeliveryPanel({
  order,
  delivery,
  canDeliver,
}: {
  order: OrderDto;
  delivery: DeliveryDto | null;
  canDeliver: boolean;
}) {
  const t = useTranslations("orders.delivery");
  const methods = useTranslations("products.delivery.methods");
  const dates = useDateFormat();
  const reasonOf = useDeliveryReason();
  const [confirming, setConfirming] = useState(false);
  const deliverable =
    canDeliver &&
    order.status === "paid" &&
    (!delivery || delivery.status === "failed" || delivery.status === "pending");

  const facts: [string, React.ReactNode][] = [];
  if (delivery) {
    facts.push([t("method"), methods(delivery.method)]);
    if (linkMethods.has(delivery.method))
      facts.push([
        t("downloads"),
        delivery.maxUses === null
          ? t("downloadsUnlimited", { uses: delivery.uses })
          : t("downloadsUsed", { uses: delivery.uses, max: delivery.maxUses }),
      ]);
    if (delivery.expiresAt && delivery.status !== "failed")
      facts.push([
        delivery.status === "expired" || new Date(delivery.expiresAt) < new Date()
          ? t("expired")
          : t("expires"),
        dates.dateTime(delivery.expiresAt),
      ]);
    if (delivery.revokedAt) facts.push([t("revokedAt"), dates.dateTime(delivery.revokedAt)]);
  }

  return (
    <Card data-testid="delivery-panel">
      <CardHeader className="flex items-center justify-between gap-2 space-y-0">
        <CardTitle className="text-sm">{t("title")}</CardTitle>
        {delivery ? (
          <Badge tone={statusTone[delivery.status]}>{t(`statuses.${delivery.status}`)}</Badge>
        ) : null}
      </CardHeader>
      <div className="space-y-3 p-4 text-sm">
        {!delivery ? (
          <p className="text-slate-500">
            {order.status === "paid" || order.status === "fulfilled"
              ? t("none")
              : t("afterPayment")}
          </p>
        ) : null}
        {delivery?.status === "failed" ? (
          <div className="rounded-md bg-red-50 p-3 text-red-800">
            <p className="font-medium">{t("failed", { reason: reasonOf(delivery.reason) })}</p>
            {delivery.handling ? (
              <p className="mt-0.5 text-xs text-red-700">
                {delivery.handling === "hold" ? t("held") : t("refunded")}
              </p>
            ) : null}
          </div>
        ) : null}
        {facts.length ? (
          <dl className="space-y-2">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs text-slate-500">{label}</dt>
                <dd className="text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {deliverable ? (
          <>
            <Button variant="secondary" className="w-full" onClick={() => setConfirming(true)}>
              <PackageCheck aria-hidden />
              {delivery ? t("deliverAgain") : t("deliverNow")}
            </Button>
            <p className="text-xs text-slate-500">{t("deliverHint")}</p>
            <DeliverDialog order={order} open={confirming} onOpenChange={setConfirming} />
          </>
        ) : null}
      </div>
    </Card>
  );
}

function DeliverDialog({
  order,
  open,
  onOpenChange,
}: {
  order: OrderDto;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("orders.delivery");
  const tc = useTranslations("common");
  const reasonOf = useDeliveryReason();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const deliver = useMutation({
    mutationFn: () =>
      api.post<Delivered>(deliverOrder.path.replace("{id}", encodeURIComponent(order.id))),
    onSuccess: (result) => {
      if (result.outcome === "delivered")
        toast.success(result.already ? t("already") : t("delivered"));
      else toast.error(t("failed", { reason: reasonOf(result.reason) }));
      onOpenChange(false);
    },
    onError: (err) => report(err),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ordersKey }),
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (deliver.isPending ? undefined : onOpenChange(next))}
    >
      <DialogContent role="alertdialog">
        <DialogHeader>
          <DialogTitle>{t("confirmTitle", { title: order.title })}</DialogTitle>
          <DialogDescription>{t("confirmText")}</DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button
            variant="secondary"
            onClick={() => onOpenChange(false)}
            disabled={deliver.isPending}
          >
            {tc("cancel")}
          </Button>
          <Button loading={deliver.isPending} onClick={() => deliver.mutate()}>
            {deliver.isPending ? t("delivering") : t("confirm")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
