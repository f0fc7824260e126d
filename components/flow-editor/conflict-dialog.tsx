"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useReportApiError } from "@/components/forms/api-errors";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { fetchDraft } from "./draft-api";
import { useFlowEditor } from "./store";
import { saveNow } from "./use-autosave";

/**
 * Someone saved the draft since we loaded it (409). Either take their version (our unsaved
 * edits are dropped) or keep ours: fetch their revision and save ours over it.
 */
export function ConflictDialog({ flowId }: { flowId: string }) {
  const t = useTranslations("flows.editor.conflict");
  const open = useFlowEditor((s) => s.status === "conflict");
  const report = useReportApiError();
  const [busy, setBusy] = useState<"reload" | "overwrite" | null>(null);

  async function resolve(choice: "reload" | "overwrite") {
    setBusy(choice);
    try {
      const theirs = await fetchDraft(flowId);
      const store = useFlowEditor.getState();
      if (choice === "reload") store.load(flowId, theirs.document, theirs.revision);
      else {
        store.rebase(theirs.revision);
        await saveNow(flowId);
      }
    } catch (err) {
      report(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog open={open}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("text")}</DialogDescription>
        </DialogHeader>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
          <li>{t("reloadHelp")}</li>
          <li>{t("overwriteHelp")}</li>
        </ul>
        <DialogFooter>
          <Button
            variant="secondary"
            loading={busy === "reload"}
            disabled={busy !== null}
            onClick={() => void resolve("reload")}
          >
            {t("reload")}
          </Button>
          <Button
            variant="destructive"
            loading={busy === "overwrite"}
            disabled={busy !== null}
            onClick={() => void resolve("overwrite")}
          >
            {t("overwrite")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
