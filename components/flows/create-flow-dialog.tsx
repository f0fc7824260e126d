"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { flowEditorHref, flowsKey, flowsPath, type FlowDto } from "./queries";

/** The API trims and checks the name the same way (createFlow's body). */
const createFlowForm = z.object({ name: z.string().trim().min(1).max(100) });

export function CreateFlowDialog({
  botId,
  open,
  onOpenChange,
}: {
  botId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("flows.create");
  const tc = useTranslations("common");
  const router = useRouter();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const form = useForm({
    resolver: localizedZodResolver(createFlowForm, useIssueTranslator()),
    defaultValues: { name: "" },
  });
  const { errors } = form.formState;
  const create = useMutation({
    mutationFn: (body: { name: string }) =>
      api.post<{ flow: FlowDto }>(flowsPath, { ...body, botId }),
    onSuccess: ({ flow }) => {
      void queryClient.invalidateQueries({ queryKey: flowsKey(botId) });
      toast.success(t("created", { name: flow.name }));
      form.reset();
      onOpenChange(false);
      router.push(flowEditorHref(botId, flow.id));
    },
    onError: (err) => report(err, { setError: form.setError, fields: ["name"] }),
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) form.reset();
        onOpenChange(next);
      }}
    >
      <DialogContent>
        <form onSubmit={form.handleSubmit((values) => create.mutate(values))} noValidate>
          <DialogHeader>
            <DialogTitle>{t("title")}</DialogTitle>
            <DialogDescription>{t("description")}</DialogDescription>
          </DialogHeader>
          <Field id="flow-name" label={t("name")} hint={t("nameHint")} error={errors.name?.message}>
            {(control) => <Input {...control} autoFocus {...form.register("name")} />}
          </Field>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
