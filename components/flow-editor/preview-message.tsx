"use client";

import { ExternalLink, FileText, Film, Image as ImageIcon, Music } from "lucide-react";
import { useTranslations } from "next-intl";
import type { PreviewMessage } from "@/lib/runtime/preview-schema";
import { parseMessageText, safeHref } from "@/lib/runtime/preview-text";
import { RichText } from "./preview-rich-text";

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
