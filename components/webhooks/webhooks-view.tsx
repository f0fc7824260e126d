"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, MoreHorizontal, Plus, Webhook } from "lucide-react";
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
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
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
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "@/lib/api/contracts/webhooks";
import type { WebhookDeliveryDto, WebhookEndpointDto } from "@/lib/webhooks/dto";
import { EndpointDialog, webhooksKey } from "./endpoint-dialog";
import { EndpointStatus } from "./endpoint-status";
import { VerifyHelp } from "./verify-help";

/** Settings → Webhooks: the workspace's endpoints, and what to do with each. */
export function WebhooksView() {
  const t = useTranslations("webhooks");
  const tc = useTranslations("common");
  const dates = useDateFormat();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [editing, setEditing] = useState<WebhookEndpointDto | null | "new">(null);
  const [deleting, setDeleting] = useState<WebhookEndpointDto | null>(null);
  const endpoints = useQuery({
    queryKey: webhooksKey,
    queryFn: ({ signal }) =>
      api
        .get<{ data: WebhookEndpointDto[] }>(listWebhookEndpoints.path, undefined, signal)
        .then((r) => r.data),
  });
  const pathOf = (path: string, e: WebhookEndpointDto) => path.replace("{id}", e.id);
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: webhooksKey });
  const toggle = useMutation({
    mutationFn: (e: WebhookEndpointDto) =>
      api.patch<{ endpoint: WebhookEndpointDto }>(pathOf(updateWebhookEndpoint.path, e), {
        enabled: !e.enabled,
      }),
    onSuccess: ({ endpoint }) => {
      invalidate();
      toast.success(endpoint.enabled ? t("enabledToast") : t("disabledToast"));
    },
    onError: (err) => report(err),
  });
  const test = useMutation({
    mutationFn: (e: WebhookEndpointDto) =>
      api.post<{ delivery: WebhookDeliveryDto }>(pathOf(sendTestWebhook.path, e)),
    onSuccess: ({ delivery }) => {
      invalidate();
      void queryClient.invalidateQueries({ queryKey: ["webhook-deliveries", delivery.endpointId] });
      if (delivery.status === "delivered")
        toast.success(t("testDelivered", { code: delivery.lastStatusCode ?? 0 }));
      else toast.error(t("testFailed", { error: delivery.lastError ?? "" }));
    },
    onError: (err) => report(err),
  });
  const remove = useMutation({
    mutationFn: (e: WebhookEndpointDto) => api.delete(pathOf(deleteWebhookEndpoint.path, e)),
    onSuccess: () => {
      invalidate();
      toast.success(t("deleted"));
    },
    onError: (err) => report(err),
  });

  const createButton = (
    <Button onClick={() => setEditing("new")}>
      <Plus aria-hidden />
      {t("create")}
    </Button>
  );
  const autoDisabled = endpoints.data?.filter((e) => !e.enabled && e.disabledReason === "failures");

  return (
    <>
      {autoDisabled?.length ? (
        <div
          role="alert"
          className="mb-4 flex gap-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
        >
          <AlertTriangle className="mt-0.5 size-4 shrink-0 text-red-600" aria-hidden />
          <div>
            <p className="font-medium">{t("alert.title", { count: autoDisabled.length })}</p>
            <p>{t("alert.text", { urls: autoDisabled.map((e) => e.url).join(", ") })}</p>
          </div>
        </div>
      ) : null}
      <Card>
        <CardHeader className="flex flex-col gap-4 space-y-0 sm:flex-row sm:items-start sm:justify-between">
          <div className="space-y-1">
            <CardTitle>{t("title")}</CardTitle>
            <CardDescription>{t("description")}</CardDescription>
          </div>
          {endpoints.data?.length ? createButton : null}
        </CardHeader>
        {endpoints.isPending ? (
          <SkeletonRows label={tc("loading")} />
        ) : endpoints.isError ? (
          <ErrorState onRetry={() => void endpoints.refetch()} />
        ) : endpoints.data.length === 0 ? (
          <EmptyState
            icon={Webhook}
            title={t("empty.title")}
            text={t("empty.text")}
            action={createButton}
          />
        ) : (
          <Table aria-label={t("title")} stack>
            <TableHeader>
              <TableRow>
                <TableHead>{t("columns.url")}</TableHead>
                <TableHead>{t("columns.events")}</TableHead>
                <TableHead>{t("columns.status")}</TableHead>
                <TableHead>{t("columns.created")}</TableHead>
                <TableHead>
                  <span className="sr-only">{t("columns.actions")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {endpoints.data.map((e) => (
                <TableRow key={e.id}>
                  <TableCell className="max-w-xs">
                    <Link
                      href={`/settings/webhooks/${e.id}`}
                      className="block truncate font-mono text-xs font-medium text-slate-900 hover:text-brand-700 hover:underline"
                      title={e.url}
                    >
                      {e.url}
                    </Link>
                    {e.description ? (
                      <span className="block truncate text-xs text-slate-500">{e.description}</span>
                    ) : null}
                  </TableCell>
                  <TableCell label={t("columns.events")}>
                    <div className="flex max-w-sm flex-wrap gap-1">
                      {e.events.slice(0, 3).map((ev) => (
                        <Badge key={ev} className="font-mono">
                          {ev}
                        </Badge>
                      ))}
                      {e.events.length > 3 ? (
                        <Badge title={e.events.slice(3).join(", ")}>
                          {t("more", { count: e.events.length - 3 })}
                        </Badge>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell label={t("columns.status")}>
                    <EndpointStatus endpoint={e} />
                  </TableCell>
                  <TableCell label={t("columns.created")} className="whitespace-nowrap">
                    <time dateTime={e.createdAt} title={dates.precise(e.createdAt)}>
                      {dates.date(e.createdAt)}
                    </time>
                  </TableCell>
                  <TableCell className="text-right max-md:justify-end">
                    <div className="flex items-center justify-end gap-1">
                      <Button variant="ghost" size="sm" asChild>
                        <Link href={`/settings/webhooks/${e.id}`}>{t("deliveries")}</Link>
                      </Button>
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={t("actionsFor", { url: e.url })}
                          >
                            <MoreHorizontal aria-hidden />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          <DropdownMenuItem onSelect={() => setEditing(e)}>
                            {t("edit")}
                          </DropdownMenuItem>
                          <DropdownMenuItem onSelect={() => test.mutate(e)}>
                            {t("sendTest")}
                          </DropdownMenuItem>
                          <DropdownMenuItem onSelect={() => toggle.mutate(e)}>
                            {e.enabled ? t("disable") : t("enable")}
                          </DropdownMenuItem>
                          <DropdownMenuSeparator />
                          <DropdownMenuItem
                            className="text-red-600 focus:text-red-700"
                            onSelect={() => setDeleting(e)}
                          >
                            {tc("delete")}
                          </DropdownMenuItem>
                        </DropdownMenuContent>
                      </DropdownMenu>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <VerifyHelp />

      <EndpointDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        endpoint={editing === "new" ? null : editing}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("deleteConfirm.title")}
        description={t("deleteConfirm.text", { url: deleting?.url ?? "" })}
        confirmLabel={t("deleteConfirm.confirm")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : undefined)}
      />
    </>
  );
}
