"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
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
import { telegramTokenSchema, type updateBot } from "@/lib/api/contracts/bots";
import { botKey, botPath, botsKey, webhookErrorKey, type BotDto } from "./queries";

const replaceTokenInput = z.strictObject({ token: telegramTokenSchema });

type UpdateBotResponse = z.infer<NonNullable<(typeof updateBot)["response"]>>;

/**
 * Replaces the bot's token: the API checks it with Telegram and registers the webhook again.
 * A token of another Telegram bot is accepted; the owner is told which bot the shop now runs in.
 */
export function ReplaceTokenDialog({
  bot,
  open,
  onOpenChange,
}: {
  bot: BotDto;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("bots.replaceToken");
  const ta = useTranslations("bots.add");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const form = useForm({
    resolver: localizedZodResolver(
      replaceTokenInput,
      useIssueTranslator({ token: ta("tokenInvalid") }),
    ),
    defaultValues: { token: "" },
  });
  const replace = useMutation({
    mutationFn: (body: { token: string }) => api.patch<UpdateBotResponse>(botPath(bot.id), body),
    onSuccess: ({ bot: saved, webhookError, differentBot }) => {
      queryClient.setQueryData(botKey(bot.id), saved);
      void queryClient.invalidateQueries({ queryKey: botsKey });
      if (differentBot) {
        const names = {
          current: differentBot.current.username,
          previous: differentBot.previous.username,
        };
        toast.warning(t("differentBot", names), {
          description: t("differentBotText", names),
          duration: 15_000,
        });
      }
      queryClient.setQueryData(webhookErrorKey(bot.id), webhookError ?? null);
      if (webhookError) {
        toast.warning(t("replacedWithoutWebhook"));
      } else if (!differentBot) {
        toast.success(t("replaced"));
      }
      form.reset();
      onOpenChange(false);
    },
    onError: (err) => report(err, { setError: form.setError, fields: ["token"] }),
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
        <form onSubmit={form.handleSubmit((values) => replace.mutate(values))} noValidate>
          <DialogHeader>
            <DialogTitle>{t("title", { name: bot.name })}</DialogTitle>
            <DialogDescription>{t("description")}</DialogDescription>
          </DialogHeader>
          <Field
            id="replace-token"
            label={t("token")}
            hint={t("otherBotHint")}
            error={form.formState.errors.token?.message}
          >
            {(control) => (
              <Input
                {...control}
                autoFocus
                className="font-mono"
                autoComplete="off"
                spellCheck={false}
                placeholder="123456789:AA…"
                {...form.register("token")}
              />
            )}
          </Field>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={replace.isPending}>
              {t("submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
