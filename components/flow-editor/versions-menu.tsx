"use client";

import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useDateFormat } from "@/components/format/use-date-format";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { listFlowVersions, restoreFlowVersion } from "@/lib/api/contracts/flows";
import { fetchDraft } from "./draft-api";
import { useFlowEditor } from "./store";

interface VersionDto {
  n: number;
  publishedAt: string;
}

/** Published versions, newest first; restoring one copies it into the draft (nothing is published). */
export function VersionsMenu({ flowId }: { flowId: string }) {
  const t = useTranslations("flows.editor.versions");
  const dates = useDateFormat();
  const report = useReportApiError();
  const [restoring, setRestoring] = useState<number | null>(null);
  const versions = useQuery({
    queryKey: ["flow", flowId, "versions"],
    queryFn: ({ signal }) =>
      api
        .get<{
          data: VersionDto[];
        }>(listFlowVersions.path.replace("{id}", encodeURIComponent(flowId)), undefined, signal)
        .then((r) => r.data),
  });

  async function restore(n: number) {
    try {
      await api.post(
        restoreFlowVersion.path
          .replace("{id}", encodeURIComponent(flowId))
          .replace("{n}", String(n)),
      );
      const draft = await fetchDraft(flowId);
      useFlowEditor.getState().load(flowId, draft.document, draft.revision);
      toast.success(t("restored", { n }));
    } catch (err) {
      report(err);
      throw err;
    }
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" title={t("title")} aria-label={t("title")}>
            <History aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-64">
          <DropdownMenuLabel>{t("title")}</DropdownMenuLabel>
          {versions.data?.length ? (
            versions.data.map((v) => (
              <DropdownMenuItem key={v.n} onSelect={() => setRestoring(v.n)}>
                <span className="font-medium">v{v.n}</span>
                <span className="ml-auto text-xs text-slate-500">
                  {dates.dateTime(v.publishedAt)}
                </span>
              </DropdownMenuItem>
            ))
          ) : (
            <p className="px-2 py-1.5 text-sm text-slate-500">{t("none")}</p>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmDialog
        open={restoring !== null}
        onOpenChange={(open) => !open && setRestoring(null)}
        title={t("confirmTitle", { n: restoring ?? 0 })}
        description={t("confirmText")}
        confirmLabel={t("confirm")}
        onConfirm={() => (restoring !== null ? restore(restoring) : undefined)}
      />
    </>
  );
}
