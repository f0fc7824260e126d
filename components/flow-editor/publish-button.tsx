"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Rocket } from "lucide-react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Button } from "@/components/ui/button";
import { publishDraft } from "./draft-api";
import { useFlowEditor } from "./store";

/** Publishes the saved draft; disabled while it has errors or unsaved edits. */
export function PublishButton({ flowId }: { flowId: string }) {
  const t = useTranslations("flows.editor.publish");
  const queryClient = useQueryClient();
  const report = useReportApiError();
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
      else report(err);
    },
  });
  const blocked = errors > 0 || !saved;
  return (
    <Button
      onClick={() => publish.mutate()}
      disabled={blocked}
      loading={publish.isPending}
      title={errors ? t("blockedErrors", { errors }) : !saved ? t("blockedUnsaved") : undefined}
    >
      <Rocket aria-hidden />
      <span className="max-sm:sr-only">{t("action")}</span>
    </Button>
  );
}
