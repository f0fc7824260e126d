"use client";

import { Keyboard, Phone, SendHorizontal } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { Chat } from "./preview-chat";

/**
 * Below the chat: the reply keyboard the bot showed (one-time, so it folds away after use and
 * the keyboard button brings it back), "Share my phone" while a contact is requested, and the
 * text input.
 */
export function PreviewComposer({
  keyboard,
  contactRequested,
  busy,
  inputRef,
  onText,
  onSharePhone,
  onKeyboard,
}: {
  keyboard: Chat["keyboard"];
  contactRequested: boolean;
  busy: boolean;
  inputRef: React.Ref<HTMLInputElement>;
  /** Sends a text; false when it was not sent (empty, or a step is running). */
  onText(text: string): boolean;
  onSharePhone(): void;
  onKeyboard(hidden: boolean): void;
}) {
  const t = useTranslations("flows.editor.preview");
  const [text, setText] = useState("");
  return (
    <>
      {keyboard && !keyboard.hidden ? (
        <div className="flex flex-col gap-1 border-t border-slate-200 bg-slate-50 p-2">
          {keyboard.rows.map((row, r) => (
            <div key={r} className="flex gap-1">
              {row.map((button, b) => (
                <button
                  key={b}
                  type="button"
                  disabled={busy}
                  onClick={() => (button.requestContact ? onSharePhone() : onText(button.text))}
                  title={button.requestContact ? t("sharePhone") : undefined}
                  className="flex min-w-0 flex-1 items-center justify-center gap-1.5 rounded-md bg-white px-2 py-2 text-sm text-slate-800 shadow-sm ring-1 ring-slate-200 hover:bg-slate-100 disabled:opacity-60"
                >
                  {button.requestContact ? (
                    <Phone className="size-3.5 shrink-0 text-emerald-600" aria-hidden />
                  ) : null}
                  <span className="truncate">{button.text}</span>
                </button>
              ))}
            </div>
          ))}
        </div>
      ) : contactRequested ? (
        <div className="border-t border-slate-200 bg-slate-50 p-2">
          <Button
            variant="secondary"
            size="sm"
            className="w-full"
            onClick={onSharePhone}
            disabled={busy}
          >
            <Phone aria-hidden />
            {t("sharePhone")}
          </Button>
        </div>
      ) : null}

      <form
        className="flex items-center gap-1.5 border-t border-slate-200 bg-white p-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (onText(text)) setText("");
        }}
      >
        {keyboard ? (
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="size-8"
            aria-pressed={!keyboard.hidden}
            aria-label={keyboard.hidden ? t("showKeyboard") : t("hideKeyboard")}
            title={keyboard.hidden ? t("showKeyboard") : t("hideKeyboard")}
            onClick={() => onKeyboard(!keyboard.hidden)}
          >
            <Keyboard aria-hidden />
          </Button>
        ) : null}
        <input
          ref={inputRef}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t("input")}
          aria-label={t("input")}
          maxLength={4096}
          className="h-9 min-w-0 flex-1 rounded-full border border-slate-300 bg-white px-4 text-sm text-slate-900 placeholder:text-slate-400 focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500/30"
        />
        <Button
          type="submit"
          size="icon"
          className="size-9 rounded-full"
          disabled={busy || !text.trim()}
          aria-label={t("send")}
          title={t("send")}
        >
          <SendHorizontal aria-hidden />
        </Button>
      </form>
    </>
  );
}
