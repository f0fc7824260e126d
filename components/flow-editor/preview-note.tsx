"use client";

import {
  AlertTriangle,
  Bell,
  CircleSlash,
  CreditCard,
  Globe,
  Hourglass,
  PackageCheck,
  Tag,
  Headset,
} from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { nodeDefinition } from "@/lib/flow/registry";
import type { PreviewNote, PreviewWaiting } from "@/lib/runtime/preview-schema";
import { useFlowLocale } from "./locale";
import { useFlowEditor } from "./store";
import { useFocusNode } from "./use-focus-node";

/** "Hello" (Message "hello"), as the validation messages name a node. */
function useNodeName() {
  const locale = useFlowLocale();
  return (nodeId: string | null, type: string | null) => {
    const node = nodeId
      ? useFlowEditor.getState().history.present.nodes.find((n) => n.id === nodeId)
      : undefined;
    const label = nodeDefinition(node?.type ?? type ?? "")?.label[locale] ?? type ?? "";
    const id = nodeId ? (locale === "ru" ? `«${nodeId}»` : `“${nodeId}”`) : "";
    return [label, id].filter(Boolean).join(" ");
  };
}

function formatDelay(ms: number, locale: string): string {
  const [unit, size] =
    ms >= 86_400_000 && ms % 86_400_000 === 0
      ? (["day", 86_400_000] as const)
      : ms >= 3_600_000 && ms % 3_600_000 === 0
        ? (["hour", 3_600_000] as const)
        : (["minute", 60_000] as const);
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(
    Math.max(1, Math.round(ms / size)),
  );
}

/** Whether a timer or http note still belongs to the wait the session is in. */
function isCurrent(note: { nodeId: string; since: number }, waiting: PreviewWaiting | null) {
  return waiting?.nodeId === note.nodeId && waiting.since === note.since;
}

/** Something that happened besides messages: centred, like Telegram's service messages. */
export function NoteLine({
  note,
  waiting,
  disabled,
  onSkip,
  onSimulate,
  onPayment,
  onDelivery,
  onRelease,
}: {
  note: PreviewNote;
  waiting: PreviewWaiting | null;
  disabled: boolean;
  onSkip(note: { nodeId: string; since: number }): void;
  onSimulate(note: { nodeId: string; since: number }, ok: boolean): void;
  onPayment(note: { nodeId: string; since: number }, outcome: "paid" | "failed" | "canceled"): void;
  onDelivery(note: { nodeId: string; since: number }, outcome: "delivered" | "failed"): void;
  onRelease(): void;
}) {
  const t = useTranslations("flows.editor.preview.notes");
  const locale = useLocale();
  const nodeName = useNodeName();
  const focus = useFocusNode();
  const box = "flex max-w-[94%] items-start gap-2 self-center rounded-lg px-3 py-2 text-xs";
  const neutral = cn(box, "bg-white/70 text-slate-600 ring-1 ring-slate-200");
  const action =
    "rounded-md bg-white px-2 py-1 font-medium text-brand-700 shadow-sm ring-1 ring-slate-200 hover:bg-brand-50 disabled:opacity-50";

  switch (note.kind) {
    case "notify":
      return (
        <div className={neutral}>
          <Bell className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <p className="min-w-0">
            <span className="font-medium">{t("notify", { chatId: note.chatId })}</span>{" "}
            <span className="break-words whitespace-pre-wrap">{note.text}</span>
          </p>
        </div>
      );
    case "timer": {
      const current = isCurrent(note, waiting);
      return (
        <div className={neutral}>
          <Hourglass className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <div className="min-w-0">
            <p>{t("timer", { duration: formatDelay(note.delayMs, locale) })}</p>
            {current ? (
              <button
                type="button"
                className={cn(action, "mt-1.5")}
                disabled={disabled}
                onClick={() => onSkip(note)}
              >
                {t("skip")}
              </button>
            ) : null}
          </div>
        </div>
      );
    }
    case "http": {
      const current = isCurrent(note, waiting);
      return (
        <div className={neutral}>
          <Globe className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <div className="min-w-0">
            <p className="break-words">
              {t("http", { method: note.method, url: note.url || "—" })}
            </p>
            {current ? (
              <div className="mt-1.5 flex flex-wrap gap-1.5">
                <button
                  type="button"
                  className={action}
                  disabled={disabled}
                  onClick={() => onSimulate(note, true)}
                >
                  {t("simulateOk")}
                </button>
                <button
                  type="button"
                  className={cn(action, "text-red-700 hover:bg-red-50")}
                  disabled={disabled}
                  onClick={() => onSimulate(note, false)}
                >
                  {t("simulateError")}
                </button>
              </div>
            ) : null}
          </div>
        </div>
      );
    }
    case "payment": {
      const current = isCurrent(note, waiting);
      const provider = t(`providers.${note.provider}`);
      return (
        <div className={neutral}>
          <CreditCard className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <div className="min-w-0">
            <p className="break-words">{t("payment", { provider })}</p>
            {current ? (
              <div className="mt-1.5 flex flex-wrap gap-1.5">
                {(["paid", "failed", "canceled"] as const).map((outcome) => (
                  <button
                    key={outcome}
                    type="button"
                    className={cn(action, outcome !== "paid" && "text-red-700 hover:bg-red-50")}
                    disabled={disabled}
                    onClick={() => onPayment(note, outcome)}
                  >
                    {t(`simulate${outcome[0]!.toUpperCase()}${outcome.slice(1)}`)}
                  </button>
                ))}
              </div>
            ) : null}
          </div>
        </div>
      );
    }
    case "deliver": {
      const current = isCurrent(note, waiting);
      return (
        <div className={neutral}>
          <PackageCheck className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <div className="min-w-0">
            <p className="break-words">{t("deliver")}</p>
            {current ? (
              <div className="mt-1.5 flex flex-wrap gap-1.5">
                <button
                  type="button"
                  className={action}
                  disabled={disabled}
                  onClick={() => onDelivery(note, "delivered")}
                >
                  {t("simulateDelivered")}
                </button>
                <button
                  type="button"
                  className={cn(action, "text-red-700 hover:bg-red-50")}
                  disabled={disabled}
                  onClick={() => onDelivery(note, "failed")}
                >
                  {t("simulateDeliveryFailed")}
                </button>
              </div>
            ) : null}
          </div>
        </div>
      );
    }
    case "handoff": {
      const current = waiting?.kind === "handoff";
      return (
        <div className={neutral}>
          <Headset className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <div className="min-w-0">
            <p className="break-words">{t("handoff")}</p>
            {note.note ? <p className="mt-1 break-words italic">{note.note}</p> : null}
            {current ? (
              <div className="mt-1.5 flex flex-wrap gap-1.5">
                <button type="button" className={action} disabled={disabled} onClick={onRelease}>
                  {t("simulateRelease")}
                </button>
              </div>
            ) : null}
          </div>
        </div>
      );
    }
    case "contact": {
      const lines = [
        note.addTags.length ? t("tagsAdded", { tags: note.addTags.join(", ") }) : null,
        note.removeTags.length ? t("tagsRemoved", { tags: note.removeTags.join(", ") }) : null,
        ...Object.entries(note.fields).map(([name, value]) => t("field", { name, value })),
        note.phone ? t("phone", { phone: note.phone }) : null,
      ].filter((l): l is string => l !== null);
      return (
        <div className={neutral}>
          <Tag className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <p className="min-w-0 break-words">{lines.join(" · ")}</p>
        </div>
      );
    }
    case "warning": {
      const node = nodeName(note.nodeId, note.nodeType);
      const code =
        note.code === "faq.unanswered"
          ? "faq_unanswered"
          : [
                "step_limit",
                "unsupported_node",
                "invalid_config",
                "goto_missing",
                "unknown_call",
              ].includes(note.code)
            ? note.code
            : "other";
      return (
        <div className={cn(box, "bg-amber-50 text-amber-900 ring-1 ring-amber-200")} role="note">
          <AlertTriangle className="mt-0.5 size-3.5 shrink-0 text-amber-600" aria-hidden />
          <div className="min-w-0">
            <p>{t(`warning.${code}`, { node, type: note.nodeType ?? "", code: note.code })}</p>
            {note.nodeId ? (
              <button
                type="button"
                className="mt-1 font-medium text-amber-800 underline underline-offset-2"
                onClick={() => focus(note.nodeId ?? undefined)}
              >
                {t("showNode")}
              </button>
            ) : null}
          </div>
        </div>
      );
    }
    case "ignored":
      return (
        <div className={neutral}>
          <CircleSlash className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <p>{t("ignored")}</p>
        </div>
      );
  }
}
