"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Button } from "@/components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { getBotSupport } from "@/lib/api/contracts/bots";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { supportSettingsSchema, type SupportSettings } from "@/lib/inbox/settings";

const supportPath = (botId: string) =>
  getBotSupport.path.replace("{id}", encodeURIComponent(botId));
const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

interface Draft {
  handoffText: string;
  outOfHoursText: string;
  hoursOn: boolean;
  timeZone: string;
  days: number[];
  from: string;
  to: string;
  humanCommands: string;
  humanPhrases: string;
  staffChatId: string;
}

function toDraft(s: SupportSettings): Draft {
  return {
    handoffText: s.handoffText,
    outOfHoursText: s.outOfHoursText,
    hoursOn: s.workingHours !== null,
    timeZone: s.workingHours?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC",
    days: s.workingHours?.days ?? [1, 2, 3, 4, 5],
    from: s.workingHours?.from ?? "09:00",
    to: s.workingHours?.to ?? "18:00",
    humanCommands: s.humanCommands.map((c) => `/${c}`).join(" "),
    humanPhrases: s.humanPhrases.join("\n"),
    staffChatId: s.staffChatId,
  };
}

function toBody(d: Draft): SupportSettings {
  return {
    handoffText: d.handoffText,
    outOfHoursText: d.outOfHoursText,
    workingHours: d.hoursOn
      ? { timeZone: d.timeZone.trim(), days: d.days, from: d.from, to: d.to }
      : null,
    humanCommands: d.humanCommands
      .split(/[\s,]+/)
      .map((c) => c.replace(/^\//, "").trim())
      .filter(Boolean),
    humanPhrases: d.humanPhrases
      .split("\n")
      .map((p) => p.trim())
      .filter(Boolean),
    staffChatId: d.staffChatId.trim(),
  };
}

/** The bot's hand-off settings: what the buyer is told, when agents work, who asks for a human. */
export function SupportCard({ botId, canManage }: { botId: string; canManage: boolean }) {
  const t = useTranslations("bots.support");
  const settings = useQuery({
    queryKey: ["bots", botId, "support"],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api.get<{ support: SupportSettings }>(supportPath(botId), undefined, signal),
  });
  return (
    <Card className="lg:col-span-3">
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      {settings.isPending ? (
        <CardContent>
          <Skeleton className="h-48" />
        </CardContent>
      ) : settings.isError ? (
        <ErrorState onRetry={() => void settings.refetch()} />
      ) : (
        <SupportForm botId={botId} canManage={canManage} saved={settings.data.support} />
      )}
    </Card>
  );
}

function SupportForm({
  botId,
  canManage,
  saved,
}: {
  botId: string;
  canManage: boolean;
  saved: SupportSettings;
}) {
  const t = useTranslations("bots.support");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [draft, setDraft] = useState<Draft>(() => toDraft(saved));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const translate = useIssueTranslator({
    staffChatId: t("staffChatIdFormat"),
    "workingHours.from": t("timeFormat"),
    "workingHours.to": t("timeFormat"),
  });
  const zones = useMemo(() => {
    try {
      return Intl.supportedValuesOf("timeZone");
    } catch {
      return [];
    }
  }, []);
  const dayName = useMemo(() => {
    const f = new Intl.DateTimeFormat(t("locale"), { weekday: "short" });
    // 2024-01-01 was a Monday.
    return (d: number) => f.format(new Date(Date.UTC(2024, 0, d, 12)));
  }, [t]);

  const save = useMutation({
    mutationFn: (body: SupportSettings) =>
      api.patch<{ support: SupportSettings }>(supportPath(botId), body),
    onSuccess: (res) => {
      setErrors({});
      queryClient.setQueryData(["bots", botId, "support"], res);
      toast.success(t("saved"));
    },
    onError: (err) => {
      if (err instanceof ApiRequestError && err.details.length) {
        const next: Record<string, string> = {};
        for (const d of err.details) {
          const key = d.path.replace(/\.\d+$/, "");
          next[key] ??= d.message;
        }
        setErrors(next);
        // Every issue names a field here: shown next to it, no toast.
        return;
      }
      report(err);
    },
  });

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (key: string) => errors[key];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const body = toBody(draft);
        // Checked here first, so the messages are in the owner's language.
        const parsed = supportSettingsSchema.safeParse(body);
        if (!parsed.success) {
          const next: Record<string, string> = {};
          for (const issue of parsed.error.issues) {
            const path = issue.path
              .filter((p) => typeof p !== "number")
              .map(String)
              .join(".");
            next[path] ??= translate(issue);
          }
          setErrors(next);
          return;
        }
        save.mutate(body);
      }}
    >
      <fieldset disabled={!canManage} className="contents">
        <CardContent className="grid gap-5 md:grid-cols-2">
          <Field
            id="support-handoff"
            label={t("handoffText")}
            hint={t("handoffTextHint")}
            error={err("handoffText")}
          >
            {(c) => (
              <Textarea
                {...c}
                rows={3}
                value={draft.handoffText}
                onChange={(e) => set({ handoffText: e.target.value })}
              />
            )}
          </Field>
          <Field
            id="support-ooh"
            label={t("outOfHoursText")}
            hint={t("outOfHoursTextHint")}
            error={err("outOfHoursText")}
          >
            {(c) => (
              <Textarea
                {...c}
                rows={3}
                value={draft.outOfHoursText}
                onChange={(e) => set({ outOfHoursText: e.target.value })}
              />
            )}
          </Field>
          <div className="space-y-3 md:col-span-2">
            <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
              <input
                type="checkbox"
                className="size-4 accent-brand-600"
                checked={draft.hoursOn}
                onChange={(e) => set({ hoursOn: e.target.checked })}
              />
              {t("hoursOn")}
            </label>
            {draft.hoursOn ? (
              <div className="grid gap-4 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-4">
                <Field
                  id="support-zone"
                  label={t("timeZone")}
                  error={err("workingHours.timeZone")}
                  className="lg:col-span-2"
                >
                  {(c) => (
                    <>
                      <Input
                        {...c}
                        list="support-zones"
                        value={draft.timeZone}
                        onChange={(e) => set({ timeZone: e.target.value })}
                      />
                      <datalist id="support-zones">
                        {zones.map((z) => (
                          <option key={z} value={z} />
                        ))}
                      </datalist>
                    </>
                  )}
                </Field>
                <Field id="support-from" label={t("from")} error={err("workingHours.from")}>
                  {(c) => (
                    <Input
                      {...c}
                      type="time"
                      value={draft.from}
                      onChange={(e) => set({ from: e.target.value })}
                    />
                  )}
                </Field>
                <Field id="support-to" label={t("to")} error={err("workingHours.to")}>
                  {(c) => (
                    <Input
                      {...c}
                      type="time"
                      value={draft.to}
                      onChange={(e) => set({ to: e.target.value })}
                    />
                  )}
                </Field>
                <fieldset className="sm:col-span-2 lg:col-span-4">
                  <legend className="mb-1.5 text-sm font-medium text-slate-800">{t("days")}</legend>
                  <div className="flex flex-wrap gap-2">
                    {weekdays.map((d) => (
                      <label
                        key={d}
                        className="flex cursor-pointer items-center gap-1.5 rounded-md border border-slate-200 px-2.5 py-1 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
                      >
                        <input
                          type="checkbox"
                          className="accent-brand-600"
                          checked={draft.days.includes(d)}
                          onChange={(e) =>
                            set({
                              days: e.target.checked
                                ? [...draft.days, d].sort()
                                : draft.days.filter((x) => x !== d),
                            })
                          }
                        />
                        {dayName(d)}
                      </label>
                    ))}
                  </div>
                  {err("workingHours.days") ? (
                    <p role="alert" className="mt-1 text-xs font-medium text-red-600">
                      {err("workingHours.days")}
                    </p>
                  ) : null}
                </fieldset>
              </div>
            ) : (
              <p className="text-xs text-slate-500">{t("hoursOff")}</p>
            )}
          </div>
          <Field
            id="support-commands"
            label={t("commands")}
            hint={t("commandsHint")}
            error={err("humanCommands")}
          >
            {(c) => (
              <Input
                {...c}
                value={draft.humanCommands}
                onChange={(e) => set({ humanCommands: e.target.value })}
              />
            )}
          </Field>
          <Field
            id="support-staff"
            label={t("staffChatId")}
            hint={t("staffChatIdHint")}
            error={err("staffChatId")}
          >
            {(c) => (
              <Input
                {...c}
                value={draft.staffChatId}
                placeholder="-1001234567890"
                onChange={(e) => set({ staffChatId: e.target.value })}
              />
            )}
          </Field>
          <Field
            id="support-phrases"
            label={t("phrases")}
            hint={t("phrasesHint")}
            error={err("humanPhrases")}
            className="md:col-span-2"
          >
            {(c) => (
              <Textarea
                {...c}
                rows={3}
                value={draft.humanPhrases}
                onChange={(e) => set({ humanPhrases: e.target.value })}
              />
            )}
          </Field>
        </CardContent>
        {canManage ? (
          <CardFooter className="justify-end gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                setDraft(toDraft(saved));
                setErrors({});
              }}
            >
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {tc("save")}
            </Button>
          </CardFooter>
        ) : null}
      </fieldset>
    </form>
  );
}
