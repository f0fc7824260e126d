"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleX, Rocket } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { ApiRequestError, type ApiFieldIssue } from "@/components/api/request";
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
import { nodeDefinition } from "@/lib/flow/registry";
import { publishDraft } from "./draft-api";
import { useFlowLocale } from "./locale";
import { useFlowEditor } from "./store";
import { useFocusNode } from "./use-focus-node";

/** Publishes the saved draft; disabled while it has errors or unsaved edits. */
export function PublishButton({ flowId }: { flowId: string }) {
  const t = useTranslations("flows.editor.publish");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [refused, setRefused] = useState<ApiFieldIssue[]>([]);
  const errors = useFlowEditor((s) => s.problems.filter((p) => p.severity === "error").length);
  const saved = useFlowEditor((s) => s.status === "saved");
  const publish = useMutation({
    mutationFn: () => publishDraft(flowId, useFlowEditor.getState().revision),
    onSuccess: ({ version }) => {
      toast.success(t("done", { n: version.n }));
      // Not the draft query: refetching it would reload the document and drop undo history.
      void queryClient.invalidateQueries({ queryKey: ["flow", flowId], exact: true });
      void queryClient.invalidateQueries({ queryKey: ["flow", flowId, "versions"] });
      void queryClient.invalidateQueries({ queryKey: ["flows"] });
    },
    onError: (err) => {
      if (err instanceof ApiRequestError && err.status === 409)
        useFlowEditor.getState().saveFailed(true);
      else if (err instanceof ApiRequestError && err.status === 422 && err.details.length)
        setRefused(err.details);
      else report(err);
    },
  });
  const blocked = errors > 0 || !saved;
  return (
    <>
      <Button
        onClick={() => publish.mutate()}
        disabled={blocked}
        loading={publish.isPending}
        title={errors ? t("blockedErrors", { errors }) : !saved ? t("blockedUnsaved") : undefined}
      >
        <Rocket aria-hidden />
        <span className="max-sm:sr-only">{t("action")}</span>
      </Button>
      <RefusedDialog problems={refused} onClose={() => setRefused([])} />
    </>
  );
}

interface RefusedProblem {
  key: string;
  nodeId: string | undefined;
  message: string;
}

/**
 * The server answers 422 with `{path: "nodes[id=…].config…", message: "<code>: <English text>"}`
 * (lib/flows/publish.ts). The same problem found by the editor's own validation carries both
 * languages, so it is shown from there when it matches; otherwise the server's text as is.
 */
function useRefusedProblems(details: ApiFieldIssue[]): RefusedProblem[] {
  const locale = useFlowLocale();
  const local = useFlowEditor((s) => s.problems);
  return details.map((d, i) => {
    const nodeId = /^nodes\[id=([^\]]+)\]/.exec(d.path)?.[1];
    const separator = d.message.indexOf(": ");
    const code = separator > 0 ? d.message.slice(0, separator) : undefined;
    const text = separator > 0 ? d.message.slice(separator + 2) : d.message;
    const known = local.find((p) => p.code === code && p.nodeId === nodeId);
    return { key: `${d.path}-${i}`, nodeId, message: known ? known.message[locale] : text };
  });
}

function RefusedDialog({
  problems: details,
  onClose,
}: {
  problems: ApiFieldIssue[];
  onClose: () => void;
}) {
  const t = useTranslations("flows.editor.publish");
  const tc = useTranslations("common");
  const locale = useFlowLocale();
  const focusNode = useFocusNode();
  const nodes = useFlowEditor((s) => s.history.present.nodes);
  const problems = useRefusedProblems(details);

  function focus(nodeId: string) {
    if (focusNode(nodeId)) onClose();
  }

  return (
    <Dialog open={details.length > 0} onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t("refusedTitle", { count: details.length })}</DialogTitle>
          <DialogDescription>{t("refusedText")}</DialogDescription>
        </DialogHeader>
        <ul className="-mx-2 space-y-0.5">
          {problems.map((p) => {
            const node = p.nodeId ? nodes.find((n) => n.id === p.nodeId) : undefined;
            const label = node ? (nodeDefinition(node.type)?.label[locale] ?? node.type) : null;
            return (
              <li key={p.key}>
                <button
                  type="button"
                  onClick={() => node && focus(node.id)}
                  disabled={!node}
                  title={node ? t("showNode") : undefined}
                  className="flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-100 disabled:hover:bg-transparent"
                >
                  <CircleX className="mt-0.5 size-4 shrink-0 text-red-500" aria-hidden />
                  <span className="min-w-0">
                    <span className="block text-slate-800">{p.message}</span>
                    {node ? (
                      <span className="block text-xs text-slate-500">
                        {label}
                        <span className="ml-1.5 font-mono text-slate-400">{node.id}</span>
                      </span>
                    ) : p.nodeId ? (
                      <span className="block font-mono text-xs text-slate-400">{p.nodeId}</span>
                    ) : null}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        <DialogFooter>
          <Button variant="secondary" onClick={onClose}>
            {tc("close")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
