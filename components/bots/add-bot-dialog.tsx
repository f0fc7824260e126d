"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
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
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createBotInput } from "@/lib/api/contracts/bots";
import {
  botHref,
  botKey,
  botsKey,
  botsPath,
  webhookErrorKey,
  type BotDto,
  type WebhookErrorDto,
} from "./queries";

export function AddBotDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("bots.add");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const router = useRouter();
  const report = useReportApiError();
  const form = useForm({
    resolver: localizedZodResolver(
      createBotInput,
      useIssueTranslator({ token: t("tokenInvalid") }),
    ),
    defaultValues: { name: "", token: "" },
  });
  const { errors } = form.formState;
  const create = useMutation({
    mutationFn: (body: { name: string; token: string }) =>
      api.post<{ bot: BotDto; webhookError?: WebhookErrorDto }>(botsPath, body),
    onSuccess: ({ bot, webhookError }) => {
      queryClient.setQueryData(botKey(bot.id), bot);
      void queryClient.invalidateQueries({ queryKey: botsKey, exact: true });
      if (webhookError) {
        queryClient.setQueryData(webhookErrorKey(bot.id), webhookError);
        toast.warning(t("addedWithoutWebhook", { name: bot.name }));
      } else {
        toast.success(t("added", { name: bot.name }));
      }
      form.reset();
      onOpenChange(false);
      // The bot's page shows the connection, and "Connect" when the webhook failed.
      router.push(botHref(bot.id));
    },
    onError: (err) => report(err, { setError: form.setError, fields: ["name", "token"] }),
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
            <DialogDescription>
              {t("description")} {t("checking")}
            </DialogDescription>
          </DialogHeader>
          <div className="space-y-4">
            <Field
              id="bot-name"
              label={t("name")}
              hint={t("nameHint")}
              error={errors.name?.message}
            >
              {(control) => <Input {...control} autoFocus {...form.register("name")} />}
            </Field>
            <Field
              id="bot-token"
              label={t("token")}
              hint={t("tokenHint")}
              error={errors.token?.message}
            >
              {(control) => (
                <Input
                  {...control}
                  className="font-mono"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="123456789:AA…"
                  {...form.register("token")}
                />
              )}
            </Field>
          </div>
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
