"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
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
import { listApiKeys, revokeApiKey, type apiKeySchema } from "@/lib/api/contracts/api-keys";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

export type ApiKeyDto = z.infer<typeof apiKeySchema>;
export const apiKeysKey = ["api-keys"] as const;

export function ApiKeysView() {
  const t = useTranslations("settings.apiKeys");
  const tc = useTranslations("common");
  const tr = useTranslations("common.roles");
  const dates = useDateFormat();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyDto | null>(null);
  const keys = useQuery({
    queryKey: apiKeysKey,
    queryFn: ({ signal }) =>
      api.get<{ data: ApiKeyDto[] }>(listApiKeys.path, undefined, signal).then((r) => r.data),
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKeyDto) =>
      api.delete<{ apiKey: ApiKeyDto }>(revokeApiKey.path.replace("{id}", key.id)),
    onSuccess: (_, key) => {
      void queryClient.invalidateQueries({ queryKey: apiKeysKey });
      toast.success(t("revoked", { name: key.name }));
    },
    onError: (err) => report(err),
  });

  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden />
      {t("create")}
    </Button>
  );

  return (
    <>
      <Card>
        <CardHeader className="flex flex-col gap-4 space-y-0 sm:flex-row sm:items-start sm:justify-between">
          <div className="space-y-1">
            <CardTitle>{t("title")}</CardTitle>
            <CardDescription>
              {t.rich("description", {
                docs: (chunks) => (
                  <a
                    href="/api/v1/openapi.json"
                    className="font-medium text-brand-600 hover:underline"
                    target="_blank"
                    rel="noreferrer"
                  >
                    {chunks}
                  </a>
                ),
              })}
            </CardDescription>
          </div>
          {keys.data?.length ? createButton : null}
        </CardHeader>
        {keys.isPending ? (
          <SkeletonRows label={tc("loading")} />
        ) : keys.isError ? (
          <ErrorState onRetry={() => void keys.refetch()} />
        ) : keys.data.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title={t("empty.title")}
            text={t("empty.text")}
            action={createButton}
          />
        ) : (
          <Table aria-label={t("title")} stack>
            <TableHeader>
              <TableRow>
                <TableHead>{t("columns.name")}</TableHead>
                <TableHead>{t("columns.prefix")}</TableHead>
                <TableHead>{t("columns.role")}</TableHead>
                <TableHead>{t("columns.created")}</TableHead>
                <TableHead>{t("columns.lastUsed")}</TableHead>
                <TableHead>{t("columns.status")}</TableHead>
                <TableHead>
                  <span className="sr-only">{t("columns.actions")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data.map((key) => (
                <TableRow key={key.id} className={key.revokedAt ? "text-slate-400" : undefined}>
                  <TableCell className="font-medium text-slate-900">{key.name}</TableCell>
                  <TableCell label={t("columns.prefix")}>
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap">
                      {key.prefix}…
                    </code>
                  </TableCell>
                  <TableCell label={t("columns.role")}>{tr(key.role)}</TableCell>
                  <TableCell label={t("columns.created")} className="whitespace-nowrap">
                    <time dateTime={key.createdAt} title={dates.precise(key.createdAt)}>
                      {dates.date(key.createdAt)}
                    </time>
                  </TableCell>
                  <TableCell label={t("columns.lastUsed")} className="whitespace-nowrap">
                    {key.lastUsedAt ? (
                      <time dateTime={key.lastUsedAt} title={dates.precise(key.lastUsedAt)}>
                        {dates.ago(key.lastUsedAt)}
                      </time>
                    ) : (
                      <span className="text-slate-400">{t("neverUsed")}</span>
                    )}
                  </TableCell>
                  <TableCell label={t("columns.status")}>
                    {key.revokedAt ? (
                      <Badge tone="danger" title={dates.precise(key.revokedAt)}>
                        {t("status.revoked")}
                      </Badge>
                    ) : (
                      <Badge tone="success">{t("status.active")}</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-right max-md:justify-end">
                    {key.revokedAt ? null : (
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-red-600 hover:bg-red-50 hover:text-red-700"
                        aria-label={t("revokeKey", { name: key.name })}
                        onClick={() => setRevoking(key)}
                      >
                        {t("revoke")}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={t("revokeConfirm.title", { name: revoking?.name ?? "" })}
        description={t("revokeConfirm.text")}
        confirmLabel={t("revokeConfirm.confirm")}
        onConfirm={() => (revoking ? revoke.mutateAsync(revoking) : undefined)}
      />
    </>
  );
}
