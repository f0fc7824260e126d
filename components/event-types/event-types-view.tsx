"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Trash2, Zap } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
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
import { deleteEventType, listEventTypes } from "@/lib/api/contracts/events";
import { EventTypeDialog, eventTypesKey, type EventTypeDto } from "./event-type-dialog";
import { IntegrationHelp } from "./integration-help";
import { TimeZoneCard } from "./time-zone-card";

/** Settings → Events: what the shop's own systems (1C, an ERP) may send, and in what shape. */
export function EventTypesView() {
  const t = useTranslations("eventTypes");
  const tt = useTranslations("eventTypes.fieldTypes");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [editing, setEditing] = useState<EventTypeDto | null | "new">(null);
  const [deleting, setDeleting] = useState<EventTypeDto | null>(null);
  const types = useQuery({
    queryKey: eventTypesKey,
    queryFn: ({ signal }) =>
      api.get<{ data: EventTypeDto[] }>(listEventTypes.path, undefined, signal).then((r) => r.data),
  });
  const remove = useMutation({
    mutationFn: (e: EventTypeDto) => api.delete(deleteEventType.path.replace("{id}", e.id)),
    onSuccess: (_, e) => {
      void queryClient.invalidateQueries({ queryKey: eventTypesKey });
      toast.success(t("deleted", { name: e.name }));
    },
    onError: (err) => report(err),
  });
  const createButton = (
    <Button onClick={() => setEditing("new")}>
      <Plus aria-hidden />
      {t("create")}
    </Button>
  );

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader className="flex flex-col gap-4 space-y-0 sm:flex-row sm:items-start sm:justify-between">
          <div className="space-y-1">
            <CardTitle>{t("title")}</CardTitle>
            <CardDescription>{t("description")}</CardDescription>
          </div>
          {types.data?.length ? createButton : null}
        </CardHeader>
        {types.isPending ? (
          <SkeletonRows label={tc("loading")} />
        ) : types.isError ? (
          <ErrorState onRetry={() => void types.refetch()} />
        ) : types.data.length === 0 ? (
          <EmptyState
            icon={Zap}
            title={t("empty.title")}
            text={t("empty.text")}
            action={createButton}
          />
        ) : (
          <Table aria-label={t("title")} stack>
            <TableHeader>
              <TableRow>
                <TableHead>{t("columns.name")}</TableHead>
                <TableHead>{t("columns.fields")}</TableHead>
                <TableHead>
                  <span className="sr-only">{t("columns.actions")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {types.data.map((e) => (
                <TableRow key={e.id}>
                  <TableCell className="align-top">
                    <code className="font-mono text-sm font-medium text-slate-900">{e.name}</code>
                    {e.description ? (
                      <span className="block text-xs text-slate-500">{e.description}</span>
                    ) : null}
                  </TableCell>
                  <TableCell label={t("columns.fields")}>
                    {e.fields.length ? (
                      <ul className="flex max-w-xl flex-wrap gap-1.5">
                        {e.fields.map((f) => (
                          <li key={f.name}>
                            <Badge tone={f.required ? "brand" : "neutral"}>
                              <span className="font-mono">{f.name}</span>
                              <span className="opacity-70">· {tt(f.type)}</span>
                              {f.required ? null : (
                                <span className="opacity-70">· {t("optional")}</span>
                              )}
                            </Badge>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-sm text-slate-400">{t("anyData")}</span>
                    )}
                  </TableCell>
                  <TableCell className="text-right max-md:justify-end">
                    <div className="flex justify-end gap-1">
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={t("editOf", { name: e.name })}
                        onClick={() => setEditing(e)}
                      >
                        <Pencil aria-hidden />
                        {t("edit")}
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-red-600 hover:bg-red-50 hover:text-red-700"
                        aria-label={t("deleteOf", { name: e.name })}
                        onClick={() => setDeleting(e)}
                      >
                        <Trash2 aria-hidden />
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <IntegrationHelp example={types.data?.[0]} />
      <TimeZoneCard />

      <EventTypeDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        eventType={editing === "new" ? null : editing}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("deleteConfirm.title", { name: deleting?.name ?? "" })}
        description={t("deleteConfirm.text")}
        confirmLabel={t("deleteConfirm.confirm")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : undefined)}
      />
    </div>
  );
}
