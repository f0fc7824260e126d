"use client";

import { AlertTriangle, Check, CircleDot, Loader2, RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { useFlowEditor } from "./store";
import { saveNow } from "./use-autosave";

const tone = {
  saved: "bg-emerald-50 text-emerald-700",
  saving: "bg-slate-100 text-slate-700",
  unsaved: "bg-slate-100 text-slate-700",
  conflict: "bg-red-50 text-red-700",
  error: "bg-red-50 text-red-700",
} as const;

/** Saved / Saving… / Unsaved / Conflict, with a retry when a save failed. */
export function SaveStatus({ flowId }: { flowId: string }) {
  const t = useTranslations("flows.editor.status");
  const status = useFlowEditor((s) => s.status);
  const Icon =
    status === "saved"
      ? Check
      : status === "saving"
        ? Loader2
        : status === "unsaved"
          ? CircleDot
          : AlertTriangle;
  return (
    <span className="flex items-center gap-1" role="status" aria-live="polite">
      <span
        className={cn(
          "inline-flex items-center gap-1 rounded-full px-2.5 py-1 text-xs font-medium",
          tone[status],
        )}
      >
        <Icon className={cn("size-3.5", status === "saving" && "animate-spin")} aria-hidden />
        {t(status)}
      </span>
      {status === "error" ? (
        <button
          type="button"
          onClick={() => void saveNow(flowId)}
          className="inline-flex items-center gap-1 rounded px-1.5 py-1 text-xs font-medium text-red-700 hover:bg-red-50"
        >
          <RotateCw className="size-3.5" aria-hidden />
          {t("retry")}
        </button>
      ) : null}
    </span>
  );
}
