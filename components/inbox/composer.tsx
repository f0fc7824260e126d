"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Braces,
  MessageSquareText,
  Paperclip,
  Plus,
  Send,
  SquareMousePointer,
  X,
} from "lucide-react";
import NextLink from "next/link";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Popover } from "@/components/ui/popover";
import { Textarea } from "@/components/ui/textarea";
import { fitsQuickReply } from "@/lib/inbox/quick-replies";
import { cannedRepliesQuery, conversationPath, inboxKey } from "./queries";

interface DraftButton {
  text: string;
  url: string;
}

/**
 * Writes to the contact: text (Enter sends, Shift+Enter breaks the line), canned replies,
 * buttons under the message (links, or quick replies the contact presses to answer), and files.
 * {{contact.first_name}} and the other contact variables are filled in by the server.
 */
export function Composer({
  conversationId,
  disabledReason,
  canManageReplies,
}: {
  conversationId: string;
  /** Why nothing can be sent now; the composer is shown disabled with it. */
  disabledReason: string | null;
  canManageReplies: boolean;
}) {
  const t = useTranslations("inbox.composer");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [text, setText] = useState("");
  const [buttons, setButtons] = useState<DraftButton[]>([]);
  const [showButtons, setShowButtons] = useState(false);
  const [clientKey, setClientKey] = useState(() => crypto.randomUUID());
  const [cannedOpen, setCannedOpen] = useState(false);
  const [upload, setUpload] = useState<{ name: string; progress: number } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const canned = useQuery({ ...cannedRepliesQuery(), enabled: cannedOpen });

  const validButtons = buttons.filter((b) => b.text.trim());
  const buttonProblem = validButtons.find((b) => !b.url.trim() && !fitsQuickReply(b.text.trim()))
    ? t("buttons.tooLong")
    : validButtons.find((b) => b.url.trim() && !/^https?:\/\/\S+$/.test(b.url.trim()))
      ? t("buttons.badUrl")
      : null;

  const send = useMutation({
    mutationFn: () =>
      api.post(conversationPath(conversationId, "reply"), {
        text,
        clientKey,
        ...(validButtons.length
          ? {
              buttons: validButtons.map((b) => ({
                text: b.text.trim(),
                ...(b.url.trim() ? { url: b.url.trim() } : {}),
              })),
            }
          : {}),
      }),
    onSuccess: () => {
      setText("");
      setButtons([]);
      setShowButtons(false);
      setClientKey(crypto.randomUUID());
      void queryClient.invalidateQueries({ queryKey: inboxKey });
      textarea.current?.focus();
    },
    onError: (err) => report(err),
  });

  const disabled = disabledReason !== null;
  const canSend = !disabled && text.trim() !== "" && !buttonProblem && !send.isPending;

  function attach(file: File) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", conversationPath(conversationId, "files"));
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setUpload({ name: file.name, progress: e.loaded / e.total });
    };
    xhr.onload = () => {
      setUpload(null);
      if (xhr.status >= 200 && xhr.status < 300) {
        toast.success(t("file.sent", { name: file.name }));
        void queryClient.invalidateQueries({ queryKey: inboxKey });
        return;
      }
      let error: { code?: string; message?: string } | undefined;
      try {
        error = (JSON.parse(xhr.responseText) as { error?: typeof error }).error;
      } catch {
        // Not our JSON: the generic message below.
      }
      report(
        new ApiRequestError(
          xhr.status,
          error?.code ?? "internal_error",
          error?.message ?? xhr.statusText,
        ),
      );
    };
    xhr.onerror = () => {
      setUpload(null);
      report(new ApiRequestError(0, "network_error", "The server could not be reached"));
    };
    setUpload({ name: file.name, progress: 0 });
    xhr.send(file);
  }

  return (
    <div className="border-t border-slate-200 bg-white p-3">
      {disabled ? (
        <p className="mb-2 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600" role="status">
          {disabledReason}
        </p>
      ) : null}
      {upload ? (
        <div className="mb-2 text-xs text-slate-600" role="status">
          <div className="flex justify-between">
            <span className="truncate">{t("file.uploading", { name: upload.name })}</span>
            <span className="tabular-nums">{Math.round(upload.progress * 100)}%</span>
          </div>
          <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-100">
            <div
              className="h-full bg-brand-600 transition-[width]"
              style={{ width: `${upload.progress * 100}%` }}
            />
          </div>
        </div>
      ) : null}
      <Textarea
        ref={textarea}
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            if (canSend) send.mutate();
          }
        }}
        rows={3}
        placeholder={t("placeholder")}
        aria-label={t("label")}
        className="resize-none"
      />
      {showButtons ? (
        <div className="mt-2 space-y-2 rounded-md border border-slate-200 p-2">
          <p className="text-xs text-slate-500">{t("buttons.hint")}</p>
          {buttons.map((b, i) => (
            <div key={i} className="flex items-center gap-2">
              <Input
                value={b.text}
                onChange={(e) =>
                  setButtons(buttons.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))
                }
                placeholder={t("buttons.text")}
                aria-label={t("buttons.text")}
                className="h-8"
              />
              <Input
                value={b.url}
                onChange={(e) =>
                  setButtons(buttons.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)))
                }
                placeholder={t("buttons.url")}
                aria-label={t("buttons.url")}
                className="h-8"
              />
              <Button
                variant="ghost"
                size="icon"
                className="size-8"
                aria-label={t("buttons.remove")}
                onClick={() => setButtons(buttons.filter((_, j) => j !== i))}
              >
                <X aria-hidden />
              </Button>
            </div>
          ))}
          {buttonProblem ? (
            <p className="text-xs font-medium text-red-600">{buttonProblem}</p>
          ) : null}
          {buttons.length < 10 ? (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => setButtons([...buttons, { text: "", url: "" }])}
            >
              <Plus aria-hidden />
              {t("buttons.add")}
            </Button>
          ) : null}
        </div>
      ) : null}
      <div className="mt-2 flex flex-wrap items-center gap-1">
        <Popover
          open={cannedOpen}
          onOpenChange={setCannedOpen}
          label={t("canned.title")}
          align="start"
          className="bottom-full top-auto mb-1 w-80"
          trigger={
            <Button
              variant="ghost"
              size="sm"
              disabled={disabled}
              onClick={() => setCannedOpen(!cannedOpen)}
            >
              <MessageSquareText aria-hidden />
              {t("canned.action")}
            </Button>
          }
        >
          <div className="max-h-72 overflow-y-auto p-1">
            {canned.isPending ? (
              <p className="p-3 text-sm text-slate-500">…</p>
            ) : (canned.data?.data ?? []).length === 0 ? (
              <p className="p-3 text-sm text-slate-500">{t("canned.empty")}</p>
            ) : (
              canned.data?.data.map((r) => (
                <button
                  key={r.id}
                  type="button"
                  className="block w-full rounded px-3 py-2 text-left hover:bg-slate-50"
                  onClick={() => {
                    setText((current) =>
                      current.trim() ? `${current.trimEnd()}\n${r.text}` : r.text,
                    );
                    setCannedOpen(false);
                    textarea.current?.focus();
                  }}
                >
                  <span className="block text-sm font-medium text-slate-900">{r.title}</span>
                  <span className="line-clamp-2 text-xs text-slate-500">{r.text}</span>
                </button>
              ))
            )}
          </div>
          {canManageReplies ? (
            <div className="border-t border-slate-100 p-2">
              <NextLink href="/inbox/replies" className="text-xs text-brand-600 hover:underline">
                {t("canned.manage")}
              </NextLink>
            </div>
          ) : null}
        </Popover>
        <Button
          variant="ghost"
          size="sm"
          disabled={disabled}
          aria-pressed={showButtons}
          onClick={() => {
            if (!showButtons && buttons.length === 0) setButtons([{ text: "", url: "" }]);
            setShowButtons(!showButtons);
          }}
        >
          <SquareMousePointer aria-hidden />
          {t("buttons.action")}
          {validButtons.length ? ` (${validButtons.length})` : ""}
        </Button>
        <Button
          variant="ghost"
          size="sm"
          disabled={disabled || upload !== null}
          onClick={() => fileInput.current?.click()}
        >
          <Paperclip aria-hidden />
          {t("file.action")}
        </Button>
        <input
          ref={fileInput}
          type="file"
          className="hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) attach(file);
          }}
        />
        <span className="ml-auto hidden text-xs text-slate-400 2xl:inline">
          <Braces className="mr-1 inline size-3" aria-hidden />
          {t("variablesHint", { example: "{{contact.first_name}}" })}
        </span>
        <Button
          size="sm"
          className="ml-auto 2xl:ml-0"
          disabled={!canSend}
          loading={send.isPending}
          onClick={() => send.mutate()}
        >
          <Send aria-hidden />
          {t("send")}
        </Button>
      </div>
    </div>
  );
}
