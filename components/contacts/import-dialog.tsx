"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, FileUp } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  MAX_JSON_BODY_BYTES_CLIENT,
  contactsKey,
  importPath,
  type ImportReportDto,
} from "./queries";

/** What a changed value looks like in the preview: tags joined, fields as name=value. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.join(", ") || "—";
  if (typeof value === "object")
    return (
      Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(", ") || "—"
    );
  return String(value);
}

/** Upload a CSV, see what it would change and every row's errors, then apply it. */
export function ImportDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const t = useTranslations("contacts.import");
  const tc = useTranslations("common");
  const qc = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<ImportReportDto | null>(null);

  const run = useMutation({
    mutationFn: ({ text, dryRun }: { text: string; dryRun: boolean }) =>
      api.postText<ImportReportDto>(`${importPath}?dryRun=${dryRun}`, text, "text/csv"),
    onSuccess: (r) => {
      setReport(r);
      if (!r.dryRun) {
        toast.success(t("applied", { n: r.changed }));
        void qc.invalidateQueries({ queryKey: contactsKey });
        close();
      }
    },
    onError: (err) => toast.error(err.message),
  });

  function close() {
    setFile(null);
    setReport(null);
    onOpenChange(false);
  }

  async function pick(f: File | undefined) {
    if (!f) return;
    if (f.size > MAX_JSON_BODY_BYTES_CLIENT) {
      toast.error(t("tooBig"));
      return;
    }
    const text = await f.text();
    setFile({ name: f.name, text });
    setReport(null);
    run.mutate({ text, dryRun: true });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (o ? onOpenChange(o) : close())}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("description")}</DialogDescription>
        </DialogHeader>
        <label className="flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600 hover:border-brand-400 hover:bg-brand-50/40">
          <FileUp className="size-6 text-brand-600" aria-hidden />
          <span className="font-medium text-slate-900">{file ? file.name : t("choose")}</span>
          <span className="text-xs">{t("hint")}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            onChange={(e) => void pick(e.target.files?.[0])}
          />
        </label>
        {run.isPending && !report ? (
          <p className="mt-4 text-sm text-slate-500" role="status">
            {t("checking")}
          </p>
        ) : null}
        {report ? (
          <div className="mt-4 space-y-3">
            <dl className="grid grid-cols-3 gap-2 text-center">
              {(["rows", "matched", "changed"] as const).map((k) => (
                <div key={k} className="rounded-md bg-slate-50 p-2">
                  <dt className="text-xs text-slate-500">{t(`counts.${k}`)}</dt>
                  <dd className="text-lg font-semibold tabular-nums">{report[k]}</dd>
                </div>
              ))}
            </dl>
            {report.errors.length ? (
              <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3">
                <p className="flex items-center gap-2 text-sm font-medium text-red-800">
                  <AlertTriangle className="size-4" aria-hidden />
                  {t("errors", { n: report.errors.length })}
                </p>
                <ul className="mt-2 max-h-40 space-y-1 overflow-y-auto text-xs text-red-800">
                  {report.errors.map((e, i) => (
                    <li key={i}>
                      <span className="font-mono">
                        {t("row", { n: e.row })}
                        {e.column ? ` · ${e.column}` : ""}
                      </span>
                      : {e.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="flex items-center gap-2 text-sm text-emerald-700">
                <CheckCircle2 className="size-4" aria-hidden />
                {t("clean")}
              </p>
            )}
            {report.changes.length ? (
              <div className="max-h-56 overflow-y-auto rounded-md border border-slate-200">
                <table className="w-full text-xs">
                  <thead className="bg-slate-50 text-left text-slate-500">
                    <tr>
                      <th className="px-2 py-1.5 font-medium">{t("contact")}</th>
                      <th className="px-2 py-1.5 font-medium">{t("before")}</th>
                      <th className="px-2 py-1.5 font-medium">{t("after")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.changes.map((c) => (
                      <tr key={c.contactId} className="border-t border-slate-100 align-top">
                        <td className="px-2 py-1.5 font-medium text-slate-800">{c.name}</td>
                        <td className="px-2 py-1.5 text-slate-500">
                          {Object.entries(c.before).map(([k, v]) => (
                            <div key={k}>
                              {k}: {show(v)}
                            </div>
                          ))}
                        </td>
                        <td className="px-2 py-1.5 text-slate-900">
                          {Object.entries(c.after).map(([k, v]) => (
                            <div key={k}>
                              {k}: {show(v)}
                            </div>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        ) : null}
        <p className="mt-4 text-xs text-slate-500">{t("noCreate")}</p>
        <DialogFooter>
          <Button variant="secondary" onClick={close}>
            {tc("cancel")}
          </Button>
          <Button
            disabled={!file || !report || report.errors.length > 0 || report.changed === 0}
            loading={run.isPending && !!report}
            onClick={() => file && run.mutate({ text: file.text, dryRun: false })}
          >
            {report ? t("apply", { n: report.changed }) : t("applyIdle")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
