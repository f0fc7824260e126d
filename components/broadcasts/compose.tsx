"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarClock, Plus, Send, Trash2, Users } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useDeferredValue, useRef, useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { botsQuery } from "@/components/bots/queries";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { freeBroadcastRate, maxBroadcastRate } from "@/lib/broadcasts/message";
import { MessagePreview } from "./message-preview";
import {
  audiencePath,
  broadcastHref,
  broadcastPath,
  broadcastsKey,
  broadcastsPath,
  previewPath,
  segmentsQuery,
  type AudienceDto,
  type BroadcastDto,
  type PreviewCallDto,
} from "./queries";

type Format = "plain" | "markdown" | "html";
type Purchased = "any" | "yes" | "no";

interface Draft {
  botId: string;
  name: string;
  text: string;
  format: Format;
  buttons: { text: string; url: string }[];
  photo: string;
  audience: "filter" | "segment";
  segmentId: string;
  tags: string;
  languages: string;
  purchased: Purchased;
  activeWithinDays: string;
  rate: string;
}

const variables = ["contact.first_name", "contact.last_name", "contact.username", "bot.username"];

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

function draftOf(b: BroadcastDto | undefined, botId: string): Draft {
  const f = (b?.filter ?? {}) as {
    tagsAll?: string[];
    languages?: string[];
    purchased?: boolean;
    activeWithinDays?: number;
  };
  return {
    botId: b?.botId ?? botId,
    name: b?.name ?? "",
    text: b?.message.text ?? "",
    format: b?.message.format ?? "plain",
    buttons: b?.message.buttons ?? [],
    photo: b?.message.photo ?? "",
    audience: b?.segmentId ? "segment" : "filter",
    segmentId: b?.segmentId ?? "",
    tags: (f.tagsAll ?? []).join(", "),
    languages: (f.languages ?? []).join(", "),
    purchased: f.purchased === undefined ? "any" : f.purchased ? "yes" : "no",
    activeWithinDays: f.activeWithinDays ? String(f.activeWithinDays) : "",
    rate: String(b?.ratePerSecond ?? freeBroadcastRate),
  };
}

function filterOf(d: Draft) {
  return {
    ...(list(d.tags).length ? { tagsAll: list(d.tags) } : {}),
    ...(list(d.languages).length ? { languages: list(d.languages) } : {}),
    ...(d.purchased !== "any" ? { purchased: d.purchased === "yes" } : {}),
    ...(Number(d.activeWithinDays) > 0
      ? { activeWithinDays: Math.trunc(Number(d.activeWithinDays)) }
      : {}),
  };
}

const messageOf = (d: Draft) => ({
  text: d.text,
  format: d.format,
  buttons: d.buttons,
  ...(d.photo.trim() ? { photo: d.photo.trim() } : {}),
});

function bodyOf(d: Draft) {
  return {
    botId: d.botId,
    name: d.name,
    message: messageOf(d),
    segmentId: d.audience === "segment" && d.segmentId ? d.segmentId : null,
    filter: filterOf(d),
    ratePerSecond: Math.trunc(Number(d.rate) || freeBroadcastRate),
  };
}

/** The compose page: message, audience, rate; a preview with a real contact; send or schedule. */
export function BroadcastCompose({ broadcast }: { broadcast?: BroadcastDto }) {
  const t = useTranslations("broadcasts.compose");
  const router = useRouter();
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const bots = useQuery(botsQuery);
  const segments = useQuery(segmentsQuery);
  const [chosenDraft, setDraft] = useState<Draft>(() => draftOf(broadcast, ""));
  // The first bot until one is chosen.
  const draft = { ...chosenDraft, botId: chosenDraft.botId || bots.data?.[0]?.id || "" };
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [when, setWhen] = useState<"now" | "later">(broadcast?.scheduledAt ? "later" : "now");
  const [at, setAt] = useState(() => localInput(broadcast?.scheduledAt));
  const [confirming, setConfirming] = useState(false);
  const [contactId, setContactId] = useState("");
  const textRef = useRef<HTMLTextAreaElement>(null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const audienceBody = useDeferredValue(
    JSON.stringify({
      botId: draft.botId,
      segmentId: draft.audience === "segment" && draft.segmentId ? draft.segmentId : null,
      filter: filterOf(draft),
    }),
  );
  const audience = useQuery({
    queryKey: [...broadcastsKey, "audience", audienceBody],
    queryFn: () => api.post<AudienceDto>(audiencePath, JSON.parse(audienceBody)),
    enabled: !!draft.botId,
    placeholderData: (previous) => previous,
  });
  const chosen = contactId || audience.data?.contacts[0]?.id || "";
  const previewBody = useDeferredValue(
    JSON.stringify({
      botId: draft.botId,
      contactId: chosen,
      message: messageOf(draft),
      ratePerSecond: Number(draft.rate) || undefined,
    }),
  );
  const preview = useQuery({
    queryKey: [...broadcastsKey, "preview", previewBody],
    queryFn: () => api.post<{ call: PreviewCallDto }>(previewPath, JSON.parse(previewBody)),
    enabled: !!draft.botId && !!chosen && draft.text.trim() !== "",
    placeholderData: (previous) => previous,
    retry: false,
  });

  const save = useMutation({
    mutationFn: async () => {
      setErrors({});
      const body = bodyOf(draft);
      return broadcast
        ? api.patch<{ broadcast: BroadcastDto }>(broadcastPath(broadcast.id), body)
        : api.post<{ broadcast: BroadcastDto }>(broadcastsPath, body);
    },
    onError: (err) => {
      if (err instanceof ApiRequestError && err.details.length) {
        setErrors(Object.fromEntries(err.details.map((d) => [d.path, d.message])));
      }
      report(err);
    },
  });

  const saveDraft = async () => {
    const { broadcast: saved } = await save.mutateAsync();
    void queryClient.invalidateQueries({ queryKey: broadcastsKey });
    toast.success(t("saved"));
    if (!broadcast) router.replace(broadcastHref(saved.id));
  };

  const start = useMutation({
    mutationFn: async () => {
      const { broadcast: saved } = await save.mutateAsync();
      return api.post<{ broadcast: BroadcastDto }>(`${broadcastPath(saved.id)}/start`, {
        at: when === "later" && at ? new Date(at).toISOString() : null,
      });
    },
    onSuccess: ({ broadcast: started }) => {
      void queryClient.invalidateQueries({ queryKey: broadcastsKey });
      toast.success(started.status === "scheduled" ? t("scheduled") : t("started"));
      router.push(broadcastHref(started.id));
    },
    onError: (err) => report(err),
  });

  const remove = useMutation({
    mutationFn: () => api.delete(broadcastPath(broadcast!.id)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: broadcastsKey });
      toast.success(t("deleted"));
      router.push("/broadcasts");
    },
    onError: (err) => report(err),
  });
  const [deleting, setDeleting] = useState(false);

  const insertVariable = (name: string) => {
    const el = textRef.current;
    const token = `{{${name}}}`;
    const from = el?.selectionStart ?? draft.text.length;
    const to = el?.selectionEnd ?? draft.text.length;
    set("text", draft.text.slice(0, from) + token + draft.text.slice(to));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(from + token.length, from + token.length);
    });
  };

  const rate = Number(draft.rate) || 0;
  const count = audience.data?.count;
  const ready =
    !!draft.botId && draft.name.trim() !== "" && draft.text.trim() !== "" && (count ?? 0) > 0;
  const busy = save.isPending || start.isPending;
  const laterInvalid = when === "later" && !at;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>{t("message")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="bc-name" label={t("name")} error={errors.name}>
                {(p) => (
                  <Input
                    {...p}
                    value={draft.name}
                    maxLength={200}
                    placeholder={t("namePlaceholder")}
                    onChange={(e) => set("name", e.target.value)}
                  />
                )}
              </Field>
              <Field id="bc-bot" label={t("bot")} error={errors.botId}>
                {(p) => (
                  <Select value={draft.botId} onValueChange={(v) => set("botId", v)}>
                    <SelectTrigger {...p}>
                      <SelectValue placeholder={t("chooseBot")} />
                    </SelectTrigger>
                    <SelectContent>
                      {bots.data?.map((b) => (
                        <SelectItem key={b.id} value={b.id}>
                          {b.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </Field>
            </div>
            <Field
              id="bc-text"
              label={t("text")}
              hint={t("textHint")}
              error={errors["message.text"] ?? errors.message}
            >
              {(p) => (
                <div className="space-y-2">
                  <Textarea
                    {...p}
                    ref={textRef}
                    rows={6}
                    value={draft.text}
                    placeholder={t("textPlaceholder")}
                    onChange={(e) => set("text", e.target.value)}
                  />
                  <div className="flex flex-wrap items-center gap-1.5">
                    <span className="text-xs text-slate-500">{t("insert")}</span>
                    {variables.map((v) => (
                      <button
                        key={v}
                        type="button"
                        onClick={() => insertVariable(v)}
                        className="rounded border border-slate-200 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-700 hover:border-brand-300 hover:bg-brand-50"
                      >
                        {`{{${v}}}`}
                      </button>
                    ))}
                  </div>
                </div>
              )}
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="bc-format" label={t("format")}>
                {(p) => (
                  <Select value={draft.format} onValueChange={(v) => set("format", v as Format)}>
                    <SelectTrigger {...p}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {(["plain", "markdown", "html"] as const).map((f) => (
                        <SelectItem key={f} value={f}>
                          {t(`formats.${f}`)}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </Field>
              <Field
                id="bc-photo"
                label={t("photo")}
                hint={t("photoHint")}
                error={errors["message.photo"]}
              >
                {(p) => (
                  <Input
                    {...p}
                    value={draft.photo}
                    placeholder="https://…"
                    onChange={(e) => set("photo", e.target.value)}
                  />
                )}
              </Field>
            </div>
            <div className="space-y-2">
              <div className="flex items-center justify-between">
                <span className="text-sm font-medium text-slate-900">{t("buttons")}</span>
                <Button
                  type="button"
                  variant="ghost"
                  size="sm"
                  disabled={draft.buttons.length >= 10}
                  onClick={() => set("buttons", [...draft.buttons, { text: "", url: "" }])}
                >
                  <Plus aria-hidden /> {t("addButton")}
                </Button>
              </div>
              {draft.buttons.length === 0 ? (
                <p className="text-xs text-slate-500">{t("buttonsHint")}</p>
              ) : null}
              {draft.buttons.map((b, i) => (
                <div key={i} className="flex items-start gap-2">
                  <div className="grid flex-1 gap-2 sm:grid-cols-[12rem_minmax(0,1fr)]">
                    <Input
                      aria-label={t("buttonText")}
                      placeholder={t("buttonText")}
                      value={b.text}
                      maxLength={64}
                      aria-invalid={errors[`message.buttons.${i}.text`] ? true : undefined}
                      onChange={(e) =>
                        set(
                          "buttons",
                          draft.buttons.map((x, j) =>
                            j === i ? { ...x, text: e.target.value } : x,
                          ),
                        )
                      }
                    />
                    <Input
                      aria-label={t("buttonUrl")}
                      placeholder="https://…"
                      value={b.url}
                      aria-invalid={errors[`message.buttons.${i}.url`] ? true : undefined}
                      onChange={(e) =>
                        set(
                          "buttons",
                          draft.buttons.map((x, j) =>
                            j === i ? { ...x, url: e.target.value } : x,
                          ),
                        )
                      }
                    />
                    {errors[`message.buttons.${i}.url`] || errors[`message.buttons.${i}.text`] ? (
                      <p role="alert" className="text-xs font-medium text-red-600 sm:col-span-2">
                        {errors[`message.buttons.${i}.text`] ?? errors[`message.buttons.${i}.url`]}
                      </p>
                    ) : null}
                  </div>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={t("removeButton")}
                    onClick={() =>
                      set(
                        "buttons",
                        draft.buttons.filter((_, j) => j !== i),
                      )
                    }
                  >
                    <Trash2 aria-hidden />
                  </Button>
                </div>
              ))}
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>{t("audience")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <div role="radiogroup" aria-label={t("audience")} className="flex flex-wrap gap-2">
              {(["filter", "segment"] as const).map((kind) => (
                <button
                  key={kind}
                  type="button"
                  role="radio"
                  aria-checked={draft.audience === kind}
                  disabled={kind === "segment" && !segments.data?.length}
                  onClick={() => set("audience", kind)}
                  className={`rounded-md border px-3 py-1.5 text-sm disabled:opacity-50 ${
                    draft.audience === kind
                      ? "border-brand-500 bg-brand-50 font-medium text-brand-800"
                      : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"
                  }`}
                >
                  {t(`audienceKinds.${kind}`)}
                </button>
              ))}
            </div>
            {draft.audience === "segment" ? (
              <Field id="bc-segment" label={t("segment")} error={errors.segmentId}>
                {(p) => (
                  <Select value={draft.segmentId} onValueChange={(v) => set("segmentId", v)}>
                    <SelectTrigger {...p}>
                      <SelectValue placeholder={t("chooseSegment")} />
                    </SelectTrigger>
                    <SelectContent>
                      {segments.data?.map((s) => (
                        <SelectItem key={s.id} value={s.id}>
                          {s.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </Field>
            ) : (
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="bc-tags" label={t("tags")} hint={t("tagsHint")}>
                  {(p) => (
                    <Input
                      {...p}
                      value={draft.tags}
                      placeholder="vip, newsletter"
                      onChange={(e) => set("tags", e.target.value)}
                    />
                  )}
                </Field>
                <Field id="bc-languages" label={t("languages")} hint={t("languagesHint")}>
                  {(p) => (
                    <Input
                      {...p}
                      value={draft.languages}
                      placeholder="ru, en"
                      onChange={(e) => set("languages", e.target.value)}
                    />
                  )}
                </Field>
                <Field id="bc-purchased" label={t("purchased")}>
                  {(p) => (
                    <Select
                      value={draft.purchased}
                      onValueChange={(v) => set("purchased", v as Purchased)}
                    >
                      <SelectTrigger {...p}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        {(["any", "yes", "no"] as const).map((v) => (
                          <SelectItem key={v} value={v}>
                            {t(`purchasedOptions.${v}`)}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  )}
                </Field>
                <Field id="bc-active" label={t("activeWithin")} hint={t("activeWithinHint")}>
                  {(p) => (
                    <Input
                      {...p}
                      type="number"
                      min={1}
                      max={3650}
                      value={draft.activeWithinDays}
                      onChange={(e) => set("activeWithinDays", e.target.value)}
                    />
                  )}
                </Field>
              </div>
            )}
            <p className="flex items-center gap-2 text-sm text-slate-700" aria-live="polite">
              <Users className="size-4 text-slate-400" aria-hidden />
              {count === undefined ? t("counting") : t("recipients", { count })}
              <span className="text-xs text-slate-500">{t("blockedExcluded")}</span>
            </p>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>{t("sending")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <Field
              id="bc-rate"
              label={t("rate")}
              hint={rate > freeBroadcastRate ? t("paidHint") : t("rateHint")}
              error={errors.ratePerSecond}
              className="max-w-xs"
            >
              {(p) => (
                <Input
                  {...p}
                  type="number"
                  min={1}
                  max={maxBroadcastRate}
                  value={draft.rate}
                  onChange={(e) => set("rate", e.target.value)}
                />
              )}
            </Field>
            <div role="radiogroup" aria-label={t("when")} className="flex flex-wrap gap-2">
              {(["now", "later"] as const).map((w) => (
                <button
                  key={w}
                  type="button"
                  role="radio"
                  aria-checked={when === w}
                  onClick={() => setWhen(w)}
                  className={`rounded-md border px-3 py-1.5 text-sm ${
                    when === w
                      ? "border-brand-500 bg-brand-50 font-medium text-brand-800"
                      : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"
                  }`}
                >
                  {t(`whenOptions.${w}`)}
                </button>
              ))}
            </div>
            {when === "later" ? (
              <Field id="bc-at" label={t("at")} className="max-w-xs">
                {(p) => (
                  <Input
                    {...p}
                    type="datetime-local"
                    value={at}
                    onChange={(e) => setAt(e.target.value)}
                  />
                )}
              </Field>
            ) : null}
            <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-4">
              <Button
                disabled={!ready || laterInvalid || busy}
                loading={start.isPending}
                onClick={() => setConfirming(true)}
              >
                {when === "now" ? <Send aria-hidden /> : <CalendarClock aria-hidden />}
                {when === "now" ? t("sendNow") : t("schedule")}
              </Button>
              <Button
                variant="secondary"
                disabled={busy || !draft.botId}
                loading={save.isPending && !start.isPending}
                onClick={() => void saveDraft().catch(() => undefined)}
              >
                {t("saveDraft")}
              </Button>
              {broadcast ? (
                <Button
                  variant="ghost"
                  className="ml-auto text-red-700"
                  onClick={() => setDeleting(true)}
                >
                  <Trash2 aria-hidden /> {t("delete")}
                </Button>
              ) : null}
            </div>
            {!ready && count === 0 ? <p className="text-xs text-amber-700">{t("nobody")}</p> : null}
          </CardContent>
        </Card>
      </div>

      <div className="space-y-3 lg:sticky lg:top-6 lg:self-start">
        <Card>
          <CardHeader>
            <CardTitle>{t("preview")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3">
            <Field id="bc-contact" label={t("previewAs")}>
              {(p) => (
                <Select
                  value={chosen}
                  onValueChange={setContactId}
                  disabled={!audience.data?.contacts.length}
                >
                  <SelectTrigger {...p}>
                    <SelectValue placeholder={t("noContacts")} />
                  </SelectTrigger>
                  <SelectContent>
                    {audience.data?.contacts.map((c) => (
                      <SelectItem key={c.id} value={c.id}>
                        {c.name}
                        {c.username ? ` · @${c.username}` : ""}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </Field>
            {draft.text.trim() === "" ? (
              <p className="rounded-md bg-slate-50 p-4 text-sm text-slate-500">
                {t("previewEmpty")}
              </p>
            ) : !chosen ? (
              <p className="rounded-md bg-slate-50 p-4 text-sm text-slate-500">
                {t("previewNoContact")}
              </p>
            ) : preview.isError ? (
              <p role="alert" className="rounded-md bg-red-50 p-4 text-sm text-red-700">
                {preview.error instanceof ApiRequestError
                  ? (preview.error.details[0]?.message ?? preview.error.message)
                  : t("previewFailed")}
              </p>
            ) : preview.data ? (
              <MessagePreview call={preview.data.call} />
            ) : (
              <div className="h-24 animate-pulse rounded-md bg-slate-100" />
            )}
          </CardContent>
        </Card>
      </div>

      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={when === "now" ? t("confirmSendTitle") : t("confirmScheduleTitle")}
        description={
          when === "now"
            ? t("confirmSend", { count: count ?? 0, rate })
            : t("confirmSchedule", {
                count: count ?? 0,
                at: at ? new Date(at).toLocaleString() : "",
              })
        }
        confirmLabel={when === "now" ? t("sendNow") : t("schedule")}
        onConfirm={() => {
          if (when === "later" && new Date(at).getTime() <= Date.now()) {
            toast.error(t("pastTime"));
            return Promise.reject(new Error("past"));
          }
          return start.mutateAsync();
        }}
      />
      {broadcast ? (
        <ConfirmDialog
          open={deleting}
          onOpenChange={setDeleting}
          title={t("deleteTitle")}
          description={t("deleteText", { name: broadcast.name })}
          confirmLabel={t("delete")}
          onConfirm={() => remove.mutateAsync()}
        />
      ) : null}
    </div>
  );
}

/** An ISO time as a datetime-local input's value, in the browser's zone. */
function localInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
