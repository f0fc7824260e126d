"use client";

import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import { restoreFlowVersion } from "@/lib/api/contracts/flows";
import { fetchDraft, flowVersionsQuery } from "./draft-api";
import { useFlowEditor } from "./store";
import { VersionEntry } from "./version-entry";

/**
 * The version history, a panel at the right edge: published versions newest first with what
 * each changed; restoring one copies it into the draft (nothing is published).
 */
export function VersionsDialog({
  flowId,
  open,
  onOpenChange: setOpen,
  trigger,
}: {
  flowId: string;
  open: boolean;
  onOpenChange(open: boolean): void;
  /** Focus goes back to it on close, as a DialogTrigger's would. */
  trigger: React.RefObject<HTMLButtonElement | null>;
}) {
  const t = useTranslations("flows.editor.versions");
  const tc = useTranslations("common");
  const report = useReportApiError();
  const [restoring, setRestoring] = useState<number | null>(null);
  const versions = useQuery({ ...flowVersionsQuery(flowId), enabled: open });

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
      setOpen(false);
    } catch (err) {
      report(err);
      throw err;
    }
  }

  return (
    <>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            trigger.current?.focus();
          }}
          className="top-0 right-0 left-auto h-dvh max-h-dvh w-full max-w-md translate-x-0 translate-y-0 rounded-none border-y-0 border-r-0 bg-slate-50"
        >
          <DialogHeader>
            <DialogTitle>{t("title")}</DialogTitle>
            <DialogDescription>{t("description")}</DialogDescription>
          </DialogHeader>
          {versions.isError ? (
            <ErrorState onRetry={() => void versions.refetch()} />
          ) : !versions.data ? (
            <SkeletonRows rows={4} label={tc("loading")} />
          ) : versions.data.length === 0 ? (
            <EmptyState icon={History} title={t("emptyTitle")} text={t("emptyText")} />
          ) : (
            <ol className="space-y-2">
              {versions.data.map((v, i) => (
                <VersionEntry
                  key={v.n}
                  flowId={flowId}
                  version={v}
                  live={i === 0}
                  onRestore={() => setRestoring(v.n)}
                  onFocusNode={() => setOpen(false)}
                />
              ))}
            </ol>
          )}
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={restoring !== null}
        onOpenChange={(next) => !next && setRestoring(null)}
        title={t("confirmTitle", { n: restoring ?? 0 })}
        description={t("confirmText")}
        confirmLabel={t("confirm")}
        onConfirm={() => (restoring !== null ? restore(restoring) : undefined)}
      />
    </>
  );
}
