"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Clock, Undo2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { useErrorTitle } from "@/components/forms/api-errors";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { refundOrder } from "@/lib/api/contracts/orders";
import { useMoney } from "./money";
import { ordersKey, type OrderDto } from "./queries";

type RefundBody = { reason?: string; external?: boolean };

/**
 * The refund card of a paid or delivered order. Stripe, YooKassa and Stars return the money
 * through the provider; Telegram Payments has no refund in the Bot API, so for those the owner
 * refunds in the provider's dashboard and only records it here (`external`).
 */
export function RefundAction({
  order,
  requested,
}: {
  order: OrderDto;
  /** The provider accepted a refund and has not confirmed it yet. */
  requested: boolean;
}) {
  const t = useTranslations("orders.refund");
  const [open, setOpen] = useState(false);
  const external = order.provider === "telegram";
  return (
    <Card className="p-4" data-testid="refund-slot">
      {requested ? (
        <p className="mb-3 flex gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          <Clock className="mt-0.5 size-4 shrink-0" aria-hidden />
          {t("pending")}
        </p>
      ) : null}
      <Button variant="secondary" className="w-full" onClick={() => setOpen(true)}>
        <Undo2 aria-hidden />
        {external ? t("markAction") : t("action")}
      </Button>
      <p className="mt-2 text-xs text-slate-500">{external ? t("markHint") : t("hint")}</p>
      <RefundDialog order={order} external={external} open={open} onOpenChange={setOpen} />
    </Card>
  );
}

function RefundDialog({
  order,
  external,
  open,
  onOpenChange,
}: {
  order: OrderDto;
  external: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("orders.refund");
  const to = useTranslations("orders");
  const tc = useTranslations("common");
  const money = useMoney();
  const queryClient = useQueryClient();
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const amount = money(order.amountMinor, order.currency);
  const provider = to(`providers.${order.provider}`);

  const refund = useMutation({
    mutationFn: (body: RefundBody) =>
      api.post<{ order: OrderDto; pending: boolean }>(
        refundOrder.path.replace("{id}", encodeURIComponent(order.id)),
        body,
      ),
    onSuccess: ({ pending }) => {
      if (pending) toast.info(t("pending"));
      else toast.success(external ? t("marked") : t("done", { amount }));
      setReason("");
      onOpenChange(false);
    },
    // Success or not, the order may have moved (refunded elsewhere, a 409): read it again.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ordersKey }),
  });

  function close(next: boolean) {
    if (refund.isPending) return;
    if (!next) refund.reset();
    onOpenChange(next);
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const note = reason.trim();
    refund.mutate({ ...(note ? { reason: note } : {}), ...(external ? { external: true } : {}) });
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent role="alertdialog">
        <form onSubmit={submit} noValidate>
          <DialogHeader>
            <DialogTitle>{external ? t("markTitle") : t("title", { amount })}</DialogTitle>
            <DialogDescription>
              {external
                ? t("markText", { amount })
                : t("text", { amount, provider, buyer: order.contact?.name || to("noBuyer") })}
            </DialogDescription>
          </DialogHeader>
          <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-slate-600">
            {external ? <li>{t("markSteps")}</li> : null}
            <li>{t("revoke")}</li>
            <li>{t("final")}</li>
          </ul>
          <Field id={reasonId} label={t("reason")} hint={t("reasonHint")}>
            {(control) => (
              <Textarea
                {...control}
                value={reason}
                maxLength={500}
                rows={2}
                placeholder={t("reasonPlaceholder")}
                onChange={(e) => setReason(e.target.value)}
                disabled={refund.isPending}
              />
            )}
          </Field>
          {refund.isError ? <RefundError error={refund.error} /> : null}
          <DialogFooter>
            <Button variant="secondary" onClick={() => close(false)} disabled={refund.isPending}>
              {tc("cancel")}
            </Button>
            <Button type="submit" variant="destructive" loading={refund.isPending}>
              {refund.isPending
                ? external
                  ? t("marking")
                  : t("refunding")
                : external
                  ? t("markConfirm")
                  : t("confirm", { amount })}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The API says why in English; the headline says in the reader's language what kind of "no". */
function RefundError({ error }: { error: Error }) {
  const t = useTranslations("orders.refund.errors");
  const generic = useErrorTitle();
  const status = error instanceof ApiRequestError ? error.status : 0;
  const title =
    status === 409
      ? t("conflict")
      : status === 422
        ? t("refused")
        : status === 503 || status === 0
          ? t("unreachable")
          : generic(error);
  const showMessage =
    error instanceof ApiRequestError && error.code !== "internal_error" && status !== 0;
  return (
    <div role="alert" className="mt-4 flex gap-2 rounded-md border border-red-200 bg-red-50 p-3">
      <AlertTriangle className="mt-0.5 size-4 shrink-0 text-red-600" aria-hidden />
      <div className="text-sm">
        <p className="font-medium text-red-800">{title}</p>
        {showMessage ? <p className="mt-0.5 text-red-700">{error.message}</p> : null}
      </div>
    </div>
  );
}
