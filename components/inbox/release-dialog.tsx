"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
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
import { Label } from "@/components/ui/label";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { conversationPath, inboxKey, releaseTargetsQuery } from "./queries";

/**
 * Hands the conversation back to the bot: where the flow waited (a handoff node goes on at its
 * "released" outcome), or at a node the agent picks.
 */
export function ReleaseDialog({
  conversationId,
  open,
  onOpenChange,
}: {
  conversationId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("inbox.release");
  const tc = useTranslations("common");
  const locale = useLocale() === "ru" ? "ru" : "en";
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const targets = useQuery({ ...releaseTargetsQuery(conversationId), enabled: open });
  const [mode, setMode] = useState<"continue" | "node">("continue");
  const [flowId, setFlowId] = useState("");
  const [nodeId, setNodeId] = useState("");
  const flows = targets.data?.flows ?? [];
  const flow = flows.find((f) => f.id === flowId);
  const waiting = targets.data?.waiting;

  const release = useMutation({
    mutationFn: () =>
      api.post<{ queued: number }>(
        conversationPath(conversationId, "release"),
        mode === "node" ? { flowId, nodeId } : {},
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: inboxKey });
      toast.success(t("done"));
      onOpenChange(false);
    },
    onError: (err) => report(err),
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (release.isPending ? undefined : onOpenChange(next))}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("description")}</DialogDescription>
        </DialogHeader>
        {targets.isPending ? (
          <Skeleton className="h-28" />
        ) : (
          <fieldset className="space-y-3">
            <legend className="sr-only">{t("title")}</legend>
            <label className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50/50">
              <input
                type="radio"
                name="release-mode"
                className="mt-1 accent-brand-600"
                checked={mode === "continue"}
                onChange={() => setMode("continue")}
              />
              <span className="text-sm">
                <span className="block font-medium text-slate-900">{t("continue")}</span>
                <span className="block text-slate-600">
                  {waiting
                    ? t("continueAt", {
                        flow: waiting.flowName ?? "—",
                        node: `${waiting.node.label[locale]}${waiting.node.summary[locale] ? ` — ${waiting.node.summary[locale]}` : ""}`,
                      })
                    : t("continueNothing")}
                </span>
              </span>
            </label>
            <label className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50/50">
              <input
                type="radio"
                name="release-mode"
                className="mt-1 accent-brand-600"
                checked={mode === "node"}
                onChange={() => setMode("node")}
                disabled={flows.length === 0}
              />
              <span className="min-w-0 flex-1 text-sm">
                <span className="block font-medium text-slate-900">{t("atNode")}</span>
                <span className="block text-slate-600">
                  {flows.length ? t("atNodeHint") : t("noFlows")}
                </span>
              </span>
            </label>
            {mode === "node" ? (
              <div className="grid gap-3 sm:grid-cols-2">
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="release-flow">{t("flow")}</Label>
                  <Select
                    value={flowId}
                    onValueChange={(v) => {
                      setFlowId(v);
                      setNodeId("");
                    }}
                  >
                    <SelectTrigger id="release-flow">
                      <SelectValue placeholder={t("pickFlow")} />
                    </SelectTrigger>
                    <SelectContent>
                      {flows.map((f) => (
                        <SelectItem key={f.id} value={f.id}>
                          {f.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="release-node">{t("node")}</Label>
                  <Select value={nodeId} onValueChange={setNodeId} disabled={!flow}>
                    <SelectTrigger id="release-node">
                      <SelectValue placeholder={t("pickNode")} />
                    </SelectTrigger>
                    <SelectContent>
                      {flow?.nodes.map((n) => (
                        <SelectItem key={n.id} value={n.id}>
                          {n.label[locale]}
                          {n.summary[locale] ? ` — ${n.summary[locale]}` : ""}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
              </div>
            ) : null}
          </fieldset>
        )}
        <DialogFooter>
          <Button
            variant="secondary"
            onClick={() => onOpenChange(false)}
            disabled={release.isPending}
          >
            {tc("cancel")}
          </Button>
          <Button
            onClick={() => release.mutate()}
            loading={release.isPending}
            disabled={mode === "node" && (!flowId || !nodeId)}
          >
            {t("confirm")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
