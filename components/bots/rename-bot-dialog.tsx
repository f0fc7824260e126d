"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { updateBotInput } from "@/lib/api/contracts/bots";
import { botPath, botsKey, type BotDto } from "./queries";

/** The rename form needs a name (the contract's field is optional because a PATCH may skip it). */
const renameInput = updateBotInput.pick({ name: true }).required();

export function RenameBotDialog({ bot, onClose }: { bot: BotDto | null; onClose: () => void }) {
  const t = useTranslations("bots.rename");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const form = useForm({
    resolver: localizedZodResolver(renameInput, useIssueTranslator()),
    values: { name: bot?.name ?? "" },
  });
  const rename = useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      api.patch<{ bot: BotDto }>(botPath(id), { name }),
    onSuccess: ({ bot: renamed }) => {
      void queryClient.invalidateQueries({ queryKey: botsKey });
      toast.success(t("renamed", { name: renamed.name }));
      onClose();
    },
    onError: (err) => report(err, { setError: form.setError, fields: ["name"] }),
  });

  return (
    <Dialog open={bot !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form
          onSubmit={form.handleSubmit(
            (values) => bot && rename.mutate({ id: bot.id, name: values.name }),
          )}
          noValidate
        >
          <DialogHeader>
            <DialogTitle>{t("title")}</DialogTitle>
          </DialogHeader>
          <Field id="rename-bot" label={t("name")} error={form.formState.errors.name?.message}>
            {(control) => <Input {...control} autoFocus {...form.register("name")} />}
          </Field>
          <DialogFooter>
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={rename.isPending}>
              {tc("save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
