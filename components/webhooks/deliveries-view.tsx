"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Inbox, RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { SkeletonRows } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import {
  getWebhookEndpoint,
  listWebhookDeliveries,
  resendWebhookDelivery,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "@/lib/api/contracts/webhooks";
import type { WebhookDeliveryDto, WebhookEndpointDto } from "@/lib/webhooks/dto";
import { webhooksKey } from "./endpoint-dialog";
import { EndpointStatus } from "./endpoint-status";
import { PayloadDialog } from "./payload-dialog";

type StatusFilter = "all" | WebhookDeliveryDto["status"];
const statusTone = { delivered: "success", pending: "warning", failed: "danger" } as const;

/** One endpoint's delivery log: what was sent, what the receiver answered, resend. */
export function DeliveriesView({ endpointId }: { endpointId: string }) {
  const t = useTranslations("webhooks.log");
  const ts = useTranslations("webhooks.deliveryStatus");
  const tw = useTranslations("webhooks");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [status, setStatus] = useState<StatusFilter>("all");
  const [viewing, setViewing] = useState<WebhookDeliveryDto | null>(null);
  const endpoint = useQuery({
    queryKey: [...webhooksKey, endpointId],
    queryFn: ({ signal }) =>
      api
        .get<{
          endpoint: WebhookEndpointDto;
        }>(getWebhookEndpoint.path.replace("{id}", endpointId), undefined, signal)
        .then((r) => r.endpoint),
  });
  const key = ["webhook-deliveries", endpointId, status] as const;
  const deliveries = useInfiniteQuery({
    queryKey: key,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ data: WebhookDeliveryDto[]; nextBefore: number | null }>(
        listWebhookDeliveries.path.replace("{id}", endpointId),
        {
          ...(status === "all" ? {} : { status }),
          ...(pageParam ? { before: pageParam } : {}),
        },
        signal,
      ),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    // Pending deliveries move on their own; look again while any is waiting.
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.data.some((d) => d.status === "pending")) ? 5_000 : false,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["webhook-deliveries", endpointId] });
    void queryClient.invalidateQueries({ queryKey: webhooksKey });
  };
  const resend = useMutation({
    mutationFn: (d: WebhookDeliveryDto) =>
      api.post<{ delivery: WebhookDeliveryDto }>(
        resendWebhookDelivery.path
          .replace("{id}", endpointId)
          .replace("{deliveryId}", String(d.id)),
      ),
    onSuccess: ({ delivery }) => {
      refresh();
      setViewing((v) => (v?.id === delivery.id ? delivery : v));
      if (delivery.status === "delivered")
        toast.success(t("resent", { code: delivery.lastStatusCode ?? 0 }));
      else toast.error(t("resendFailed", { error: delivery.lastError ?? "" }));
    },
    onError: (err) => report(err),
  });
  // After the receiver is fixed, the log is where the owner is: enabling is one press away.
  const enable = useMutation({
    mutationFn: () =>
      api.patch<{ endpoint: WebhookEndpointDto }>(
        updateWebhookEndpoint.path.replace("{id}", endpointId),
        { enabled: true },
      ),
    onSuccess: () => {
      refresh();
      toast.success(tw("enabledToast"));
    },
    onError: (err) => report(err),
  });
  const test = useMutation({
    mutationFn: () =>
      api.post<{ delivery: WebhookDeliveryDto }>(sendTestWebhook.path.replace("{id}", endpointId)),
    onSuccess: ({ delivery }) => {
      refresh();
      if (delivery.status === "delivered")
        toast.success(tw("testDelivered", { code: delivery.lastStatusCode ?? 0 }));
      else toast.error(tw("testFailed", { error: delivery.lastError ?? "" }));
    },
    onError: (err) => report(err),
  });
  const rows = deliveries.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <>
      <Link
        href="/settings/webhooks"
        className="mb-3 inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("back")}
      </Link>
      <Card>
        <CardHeader className="flex flex-col gap-4 space-y-0 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0 space-y-1">
            <CardTitle
              className={endpoint.data ? "truncate font-mono text-base" : undefined}
              title={endpoint.data?.url}
            >
              {endpoint.data?.url ?? t("title")}
            </CardTitle>
            <CardDescription>{endpoint.data?.description || t("description")}</CardDescription>
            {endpoint.data ? (
              <div className="pt-1">
                <EndpointStatus endpoint={endpoint.data} />
              </div>
            ) : null}
          </div>
          <div className="flex shrink-0 flex-wrap items-center gap-2">
            <Select value={status} onValueChange={(v) => setStatus(v as StatusFilter)}>
              <SelectTrigger className="w-40" aria-label={t("filter")}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">{t("all")}</SelectItem>
                <SelectItem value="delivered">{ts("delivered")}</SelectItem>
                <SelectItem value="pending">{ts("pending")}</SelectItem>
                <SelectItem value="failed">{ts("failed")}</SelectItem>
              </SelectContent>
            </Select>
            <Button variant="secondary" loading={test.isPending} onClick={() => test.mutate()}>
              {tw("sendTest")}
            </Button>
            {endpoint.data && !endpoint.data.enabled ? (
              <Button loading={enable.isPending} onClick={() => enable.mutate()}>
                {tw("enable")}
              </Button>
            ) : null}
          </div>
        </CardHeader>
        {deliveries.isPending ? (
          <SkeletonRows label={tc("loading")} />
        ) : deliveries.isError ? (
          <ErrorState onRetry={() => void deliveries.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={Inbox}
            title={t("empty.title")}
            text={status === "all" ? t("empty.text") : t("empty.filtered")}
          />
        ) : (
          <>
            <Table aria-label={t("title")} stack>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("columns.event")}</TableHead>
                  <TableHead>{t("columns.status")}</TableHead>
                  <TableHead>{t("columns.code")}</TableHead>
                  <TableHead>{t("columns.attempts")}</TableHead>
                  <TableHead>{t("columns.time")}</TableHead>
                  <TableHead>
                    <span className="sr-only">{t("columns.actions")}</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>
                      <button
                        type="button"
                        className="font-mono text-xs font-medium text-slate-900 hover:text-brand-700 hover:underline"
                        onClick={() => setViewing(d)}
                      >
                        {d.event}
                      </button>
                      <span className="block text-xs text-slate-400">#{d.id}</span>
                    </TableCell>
                    <TableCell label={t("columns.status")}>
                      <span className="flex flex-col items-start gap-0.5">
                        <Badge tone={statusTone[d.status]}>{ts(d.status)}</Badge>
                        {d.status === "pending" && d.nextAttemptAt ? (
                          <span className="text-xs text-slate-500">
                            {t("nextAttempt", { when: dates.ago(d.nextAttemptAt) })}
                          </span>
                        ) : null}
                      </span>
                    </TableCell>
                    <TableCell label={t("columns.code")}>
                      {d.lastStatusCode ? (
                        <code
                          title={d.lastError ?? undefined}
                          className={
                            d.lastStatusCode < 300
                              ? "font-mono text-xs text-emerald-700"
                              : "font-mono text-xs text-red-700"
                          }
                        >
                          {d.lastStatusCode}
                        </code>
                      ) : d.lastError ? (
                        <span
                          className="block max-w-[14rem] truncate text-xs text-red-700"
                          title={d.lastError}
                        >
                          {d.lastError}
                        </span>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </TableCell>
                    <TableCell label={t("columns.attempts")}>{d.attempts}</TableCell>
                    <TableCell label={t("columns.time")} className="whitespace-nowrap">
                      <time dateTime={d.createdAt} title={dates.precise(d.createdAt)}>
                        {dates.dateTime(d.createdAt)}
                      </time>
                    </TableCell>
                    <TableCell className="text-right max-md:justify-end">
                      <div className="flex justify-end gap-1">
                        <Button variant="ghost" size="sm" onClick={() => setViewing(d)}>
                          {t("view")}
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          loading={resend.isPending && resend.variables?.id === d.id}
                          onClick={() => resend.mutate(d)}
                        >
                          <RotateCw aria-hidden />
                          {t("resend")}
                        </Button>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {deliveries.hasNextPage ? (
              <div className="flex justify-center border-t border-slate-100 p-3">
                <Button
                  variant="secondary"
                  loading={deliveries.isFetchingNextPage}
                  onClick={() => void deliveries.fetchNextPage()}
                >
                  {t("more")}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </Card>
      <PayloadDialog
        delivery={viewing}
        onOpenChange={(open) => !open && setViewing(null)}
        onResend={(d) => resend.mutate(d)}
        resending={resend.isPending}
      />
    </>
  );
}
