"use client";

import {
  AlertTriangle,
  Bell,
  CircleSlash,
  ExternalLink,
  FileText,
  Film,
  Globe,
  Hourglass,
  Image as ImageIcon,
  Music,
  Tag,
} from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { nodeDefinition } from "@/lib/flow/registry";
import type { PreviewMessage, PreviewNote, PreviewWaiting } from "@/lib/runtime/preview-schema";
import { parseMessageText, safeHref, type RichNode } from "@/lib/runtime/preview-text";
import { useFlowLocale } from "./locale";
import { useFlowEditor } from "./store";
import { useFocusNode } from "./use-focus-node";

/** A message the bot sent: formatted text, media, and its inline buttons under it. */
export function BotBubble({
  message,
  disabled,
  onPress,
}: {
  message: PreviewMessage;
  disabled: boolean;
  onPress(button: { text: string; data: string }): void;
}) {
  const nodes = parseMessageText(message.text, message.parseMode);
  return (
    <div className="flex max-w-[88%] flex-col items-stretch self-start">
      <div className="rounded-2xl rounded-bl-sm bg-white px-3 py-2 text-sm text-slate-900 shadow-sm">
        {message.media ? <MediaTile media={message.media} /> : null}
        {nodes.length ? (
          <div className="break-words whitespace-pre-wrap">
            <RichText nodes={nodes} />
          </div>
        ) : null}
      </div>
      {message.inlineKeyboard?.length ? (
        <div className="mt-1 flex flex-col gap-1">
          {message.inlineKeyboard.map((row, r) => (
            // Equal columns as wide as the widest caption, as Telegram lays a row out.
            <div key={r} className="grid auto-cols-fr grid-flow-col gap-1">
              {row.map((button, b) => {
                const href = button.url ? safeHref(button.url) : null;
                const className =
                  "flex min-w-0 items-center justify-center gap-1 rounded-lg bg-white/80 px-2 py-1.5 text-sm font-medium text-brand-700 shadow-sm hover:bg-white disabled:opacity-60";
                return href ? (
                  <a
                    key={b}
                    href={href}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                    className={className}
                  >
                    <span className="truncate">{button.text}</span>
                    <ExternalLink className="size-3 shrink-0" aria-hidden />
                  </a>
                ) : (
                  <button
                    key={b}
                    type="button"
                    className={className}
                    disabled={disabled || button.data === undefined}
                    onClick={() =>
                      button.data !== undefined && onPress({ text: button.text, data: button.data })
                    }
                  >
                    <span className="truncate">{button.text}</span>
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

const mediaIcons = {
  photo: ImageIcon,
  video: Film,
  document: FileText,
  audio: Music,
  animation: Film,
} as const;

function MediaTile({ media }: { media: NonNullable<PreviewMessage["media"]> }) {
  const t = useTranslations("flows.editor.preview.media");
  const Icon = mediaIcons[media.kind];
  const url = safeHref(media.source)?.startsWith("http") ? media.source : null;
  if (media.kind === "photo" && url) {
    return (
      // A shop's own remote file, shown as is: not something next/image should fetch and resize.
      // eslint-disable-next-line @next/next/no-img-element
      <img
        src={url}
        alt={t("photo")}
        referrerPolicy="no-referrer"
        className="-mx-1 mb-2 max-h-56 w-[calc(100%+0.5rem)] rounded-xl object-cover"
      />
    );
  }
  return (
    <div className="mb-2 flex items-center gap-2 rounded-xl bg-slate-100 px-2.5 py-2 text-xs text-slate-600">
      <Icon className="size-5 shrink-0 text-slate-500" aria-hidden />
      <span className="min-w-0">
        <span className="block font-medium text-slate-800">{t(media.kind)}</span>
        <span className="block truncate">{media.source}</span>
      </span>
    </div>
  );
}

const blockMarks = new Set(["pre", "blockquote"]);

/** Telegram's entities as React elements; the text itself is never parsed as HTML. */
function RichText({ nodes }: { nodes: readonly RichNode[] }) {
  return nodes.map((node, i) => {
    if (typeof node === "string") {
      // A block already ends its line; the newline after it would add an empty one.
      const previous = nodes[i - 1];
      const afterBlock = typeof previous === "object" && blockMarks.has(previous.mark);
      return afterBlock && node.startsWith("\n") ? node.slice(1) : node;
    }
    const children = <RichText nodes={node.children} />;
    switch (node.mark) {
      case "b":
        return (
          <strong key={i} className="font-semibold">
            {children}
          </strong>
        );
      case "i":
        return <em key={i}>{children}</em>;
      case "u":
        return <u key={i}>{children}</u>;
      case "s":
        return <s key={i}>{children}</s>;
      case "code":
        return (
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em] text-rose-700">
            {children}
          </code>
        );
      case "pre":
        return (
          <pre
            key={i}
            className="my-1 overflow-x-auto rounded-md bg-slate-100 p-2 font-mono text-xs whitespace-pre [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-slate-800"
          >
            {children}
          </pre>
        );
      case "blockquote":
        return (
          <blockquote
            key={i}
            className="my-1 rounded-r-md border-l-[3px] border-brand-500 bg-brand-50 py-0.5 pr-2 pl-2"
          >
            {children}
          </blockquote>
        );
      case "spoiler":
        return <Spoiler key={i}>{children}</Spoiler>;
      case "a":
        return node.href ? (
          <a
            key={i}
            href={node.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="text-brand-600 underline underline-offset-2"
          >
            {children}
          </a>
        ) : (
          <span key={i} className="text-brand-600">
            {children}
          </span>
        );
    }
  });
}

function Spoiler({ children }: { children: React.ReactNode }) {
  const t = useTranslations("flows.editor.preview");
  const [shown, setShown] = useState(false);
  if (shown) return <span className="rounded-sm bg-slate-200/60">{children}</span>;
  return (
    <span
      role="button"
      tabIndex={0}
      aria-label={t("spoiler")}
      title={t("spoiler")}
      onClick={() => setShown(true)}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          setShown(true);
        }
      }}
      className="cursor-pointer rounded-sm bg-slate-400 text-transparent select-none"
    >
      {children}
    </span>
  );
}

/** What the person did, on the right: a text, or a line for a press, a share, a skip. */
export function UserBubble({ text, action }: { text: string; action: boolean }) {
  return action ? (
    <p className="max-w-[88%] self-end rounded-full bg-brand-100 px-3 py-1 text-xs font-medium text-brand-800">
      {text}
    </p>
  ) : (
    <div className="max-w-[88%] self-end rounded-2xl rounded-br-sm bg-brand-600 px-3 py-2 text-sm break-words whitespace-pre-wrap text-white shadow-sm">
      {text}
    </div>
  );
}

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
}: {
  note: PreviewNote;
  waiting: PreviewWaiting | null;
  disabled: boolean;
  onSkip(note: { nodeId: string; since: number }): void;
  onSimulate(note: { nodeId: string; since: number }, ok: boolean): void;
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
            <p className="break-all">{t("http", { method: note.method, url: note.url || "—" })}</p>
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
      const code = [
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
