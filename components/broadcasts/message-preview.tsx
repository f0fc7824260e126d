"use client";

import { ExternalLink, ImageIcon } from "lucide-react";
import { RichText } from "@/components/flow-editor/preview-rich-text";
import { parseMessageText } from "@/lib/runtime/preview-text";
import type { PreviewCallDto } from "./queries";

/** The rendered call as a Telegram chat would show it: photo, text with its entities, buttons. */
export function MessagePreview({ call }: { call: PreviewCallDto }) {
  const p = call.params;
  const text = String(call.method === "sendPhoto" ? (p.caption ?? "") : (p.text ?? ""));
  const mode = p.parse_mode === "HTML" || p.parse_mode === "MarkdownV2" ? p.parse_mode : null;
  const rows =
    (p.reply_markup as { inline_keyboard?: { text: string; url?: string }[][] } | undefined)
      ?.inline_keyboard ?? [];
  const photo = call.method === "sendPhoto" ? String(p.photo ?? "") : "";
  return (
    <div className="rounded-lg bg-[#dfe7ef] p-3">
      <div className="max-w-full overflow-hidden rounded-2xl rounded-bl-sm bg-white shadow-sm">
        {photo ? (
          /^https?:\/\//.test(photo) ? (
            // eslint-disable-next-line @next/next/no-img-element -- the shop's own URL, shown as Telegram would fetch it
            <img src={photo} alt="" className="max-h-56 w-full object-cover" />
          ) : (
            <div className="flex h-28 items-center justify-center bg-slate-100 text-slate-400">
              <ImageIcon className="size-6" aria-hidden />
            </div>
          )
        ) : null}
        <div className="px-3 py-2 text-sm whitespace-pre-wrap break-words text-slate-900">
          <RichText nodes={parseMessageText(text, mode)} />
        </div>
      </div>
      {rows.length ? (
        <div className="mt-1 space-y-1">
          {rows.map((row, i) => (
            <div key={i} className="flex gap-1">
              {row.map((b, j) => (
                <span
                  key={j}
                  title={b.url}
                  className="flex flex-1 items-center justify-center gap-1 rounded-md bg-white/70 px-2 py-1.5 text-center text-sm font-medium text-sky-700"
                >
                  {b.text}
                  {b.url ? <ExternalLink className="size-3" aria-hidden /> : null}
                </span>
              ))}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
