"use client";

import { FileUp } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/textarea";
import { importFlowJson, type ImportProblem } from "@/lib/flow/import";
import { useFlowEditor } from "./store";

/** Files bigger than this are not flows (the API takes 1 MiB bodies). */
const maxImportBytes = 1024 * 1024;

/**
 * Replaces the draft with a flow from a JSON file or pasted text. The file is checked first and
 * every problem is listed with where it is; nothing changes until it reads cleanly. The import is
 * one undo step, and config problems inside it show on the canvas like any others.
 */
export function ImportDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const t = useTranslations("flows.editor.import");
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);

  function close(next: boolean) {
    if (!next) {
      setText("");
      setFileName(null);
      setProblems([]);
    }
    onOpenChange(next);
  }

  async function readFile(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    setProblems([]);
    if (file.size > maxImportBytes) {
      setText("");
      setProblems([{ where: file.name, message: t("tooBig") }]);
      return;
    }
    setText(await file.text());
  }

  function submit() {
    const result = importFlowJson(text);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    useFlowEditor.getState().replaceDocument(result.document);
    toast.success(t("done", { nodes: result.document.nodes.length }));
    close(false);
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("text")}</DialogDescription>
        </DialogHeader>
        <div className="space-y-3">
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="sr-only"
            data-testid="flow-import-file"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
          <div className="flex items-center gap-3">
            <Button variant="secondary" onClick={() => fileInput.current?.click()}>
              <FileUp aria-hidden />
              {t("chooseFile")}
            </Button>
            <span className="truncate text-sm text-slate-500">{fileName ?? t("orPaste")}</span>
          </div>
          <Textarea
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setProblems([]);
            }}
            aria-label={t("json")}
            placeholder='{"version": 1, "nodes": [...], "edges": [...]}'
            className="h-48 font-mono text-xs"
            spellCheck={false}
          />
          {problems.length ? (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3">
              <p className="text-sm font-medium text-red-800">
                {t("problems", { count: problems.length })}
              </p>
              <ul className="mt-1 max-h-40 space-y-1 overflow-y-auto text-sm text-red-700">
                {problems.map((p, i) => (
                  <li key={i}>
                    <code className="text-xs font-semibold">{p.where}</code>: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p className="text-xs text-slate-500">{t("replaceNote")}</p>
        </div>
        <DialogFooter>
          <Button variant="ghost" onClick={() => close(false)}>
            {t("cancel")}
          </Button>
          <Button onClick={submit} disabled={!text.trim()}>
            {t("action")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
