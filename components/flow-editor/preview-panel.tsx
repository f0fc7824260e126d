"use client";

import { useMutation } from "@tanstack/react-query";
import { useReactFlow, useStoreApi } from "@xyflow/react";
import {
  ChevronRight,
  Keyboard,
  MessageCircle,
  Phone,
  RotateCcw,
  SendHorizontal,
  X,
} from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { api, ApiRequestError } from "@/components/api/request";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { previewFlow } from "@/lib/api/contracts/flows";
import type { FlowDocument } from "@/lib/flow/document";
import type {
  PreviewContact,
  PreviewEvent,
  PreviewMessage,
  PreviewNote,
  PreviewResult,
  PreviewSession,
} from "@/lib/runtime/preview-schema";
import { BotBubble, NoteLine, UserBubble } from "./preview-message";
import { useFlowEditor } from "./store";

/** The number "Share my phone" sends: the preview has no real one to share. */
const samplePhone = "+15550100123";

type ReplyRows = NonNullable<PreviewMessage["replyKeyboard"]>;

type ChatItem =
  | { key: number; kind: "user"; text: string; action: boolean }
  | { key: number; kind: "bot"; message: PreviewMessage }
  | { key: number; kind: "note"; note: PreviewNote };

/** The whole preview conversation lives here: the server keeps nothing between steps. */
interface Chat {
  items: ChatItem[];
  session: PreviewSession | null;
  contact: PreviewContact | undefined;
  /** The reply keyboard of the last message that set one; one-time, so hidden after use. */
  keyboard: { rows: ReplyRows; hidden: boolean } | null;
  nextKey: number;
}

type ChatAction =
  | { type: "reset" }
  | { type: "user"; text: string; action: boolean }
  | { type: "result"; result: PreviewResult }
  | { type: "keyboard"; hidden: boolean };

const emptyChat: Chat = {
  items: [],
  session: null,
  contact: undefined,
  keyboard: null,
  nextKey: 0,
};

function chatReducer(chat: Chat, action: ChatAction): Chat {
  switch (action.type) {
    case "reset":
      return emptyChat;
    case "keyboard":
      return chat.keyboard
        ? { ...chat, keyboard: { ...chat.keyboard, hidden: action.hidden } }
        : chat;
    case "user":
      return {
        ...chat,
        items: [
          ...chat.items,
          { key: chat.nextKey, kind: "user", text: action.text, action: action.action },
        ],
        keyboard: chat.keyboard && { ...chat.keyboard, hidden: true },
        nextKey: chat.nextKey + 1,
      };
    case "result": {
      const { messages, notes } = action.result;
      const items = [...chat.items];
      let key = chat.nextKey;
      let keyboard = chat.keyboard;
      let n = 0;
      // Each note goes after the messages sent before it (`after`).
      for (let m = 0; m <= messages.length; m++) {
        while (n < notes.length && notes[n]!.after <= m)
          items.push({ key: key++, kind: "note", note: notes[n++]! });
        const message = messages[m];
        if (!message) continue;
        items.push({ key: key++, kind: "bot", message });
        if (message.replyKeyboard) keyboard = { rows: message.replyKeyboard, hidden: false };
        else if (message.removeKeyboard) keyboard = null;
      }
      return {
        items,
        session: action.result.session,
        contact: action.result.contact,
        keyboard,
        nextKey: key,
      };
    }
  }
}

interface StepBody {
  document: FlowDocument;
  session: PreviewSession | null;
  event: PreviewEvent;
  contact?: PreviewContact;
}

/**
 * The preview chat: the draft as it is now (unsaved edits too) runs on the server through the
 * bot's interpreter, one event at a time; the node the conversation is at is ringed on the canvas.
 */
export function PreviewPanel({ flowId }: { flowId: string }) {
  const t = useTranslations("flows.editor.preview");
  const setPreviewOpen = useFlowEditor((s) => s.setPreviewOpen);
  const setPreviewNode = useFlowEditor((s) => s.setPreviewNode);
  const [chat, dispatch] = useReducer(chatReducer, emptyChat);
  const [text, setText] = useState("");
  const [showVariables, setShowVariables] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const reveal = useRevealNode();

  const step = useMutation({
    mutationFn: (body: StepBody) =>
      api.post<PreviewResult>(previewFlow.path.replace("{id}", encodeURIComponent(flowId)), body),
    onSuccess: (result) => {
      dispatch({ type: "result", result });
      const at = result.session.nodeId ?? result.visited.at(-1);
      if (at) {
        setPreviewNode(at);
        reveal(at);
      }
    },
  });
  const busy = step.isPending;
  const waiting = chat.session?.waitingFor ?? null;

  useEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [chat.items.length, busy, step.isError]);

  function send(
    event: PreviewEvent,
    user: { text: string; action: boolean } | null,
    fresh = false,
  ) {
    if (user) dispatch({ type: "user", ...user });
    step.mutate({
      document: useFlowEditor.getState().history.present,
      session: fresh ? null : chat.session,
      event,
      ...(chat.contact && !fresh ? { contact: chat.contact } : {}),
    });
  }

  function sendText(value: string): boolean {
    const message = value.trim();
    if (!message || busy) return false;
    send({ kind: "message", text: message }, { text: message, action: false });
    return true;
  }

  function restart() {
    dispatch({ type: "reset" });
    setPreviewNode(null);
    step.reset();
    send({ kind: "message", text: "/start" }, { text: "/start", action: false }, true);
    inputRef.current?.focus();
  }

  function sharePhone() {
    send(
      { kind: "contact", phone: samplePhone },
      { text: t("sharedPhone", { phone: samplePhone }), action: true },
    );
  }

  const variables = Object.entries(chat.session?.variables ?? {});
  const contact = chat.contact;
  const contactFacts = contact
    ? [
        contact.tags.length ? [t("tags"), contact.tags.join(", ")] : null,
        ...Object.entries(contact.fields).map(([k, v]) => [k, v]),
        contact.phone ? [t("phone"), contact.phone] : null,
      ].filter((f): f is string[] => f !== null)
    : [];

  return (
    <section aria-label={t("title")} className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-start gap-2 border-b border-slate-200 px-4 py-3">
        <span className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-emerald-700">
          <MessageCircle className="size-4" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-slate-900">{t("title")}</h2>
          <p className="text-xs text-slate-500">{t("subtitle")}</p>
        </div>
        <Button
          variant="ghost"
          size="sm"
          onClick={restart}
          disabled={busy}
          title={t("restartHelp")}
          className="px-2"
        >
          <RotateCcw aria-hidden />
          {t("restart")}
        </Button>
        <Button
          variant="ghost"
          size="icon"
          onClick={() => setPreviewOpen(false)}
          aria-label={t("close")}
          title={t("close")}
          className="size-8"
        >
          <X aria-hidden />
        </Button>
      </header>

      <div className="border-b border-slate-200">
        <button
          type="button"
          onClick={() => setShowVariables((v) => !v)}
          aria-expanded={showVariables}
          className="flex w-full items-center gap-1.5 px-4 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase hover:bg-slate-50"
        >
          <ChevronRight
            className={cn("size-3.5 transition-transform", showVariables && "rotate-90")}
            aria-hidden
          />
          {t("variables")}
          <span className="rounded-full bg-slate-100 px-1.5 font-normal text-slate-600 normal-case">
            {variables.length}
          </span>
        </button>
        {showVariables ? (
          <div className="max-h-40 overflow-y-auto px-4 pb-3 text-xs">
            {variables.length ? (
              <dl className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-x-3 gap-y-1">
                {variables.map(([name, value]) => (
                  <VariableRow key={name} name={name} value={value} />
                ))}
              </dl>
            ) : (
              <p className="text-slate-500">{t("noVariables")}</p>
            )}
            {contactFacts.length ? (
              <>
                <p className="mt-2 mb-1 font-semibold text-slate-500">{t("contact")}</p>
                <dl className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-x-3 gap-y-1">
                  {contactFacts.map(([name, value]) => (
                    <VariableRow key={name} name={name!} value={value} />
                  ))}
                </dl>
              </>
            ) : null}
          </div>
        ) : null}
      </div>

      <div
        ref={scrollRef}
        className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto bg-slate-100 px-3 py-4"
        role="log"
        aria-label={t("chat")}
        aria-busy={busy}
      >
        {chat.items.length === 0 && !busy ? (
          <div className="m-auto flex max-w-64 flex-col items-center text-center">
            <span className="mb-3 flex size-12 items-center justify-center rounded-full bg-white text-emerald-600 shadow-sm">
              <MessageCircle className="size-6" aria-hidden />
            </span>
            <p className="text-sm font-semibold text-slate-900">{t("emptyTitle")}</p>
            <p className="mt-1 text-xs text-slate-600">{t("emptyText")}</p>
            <Button size="sm" className="mt-4" onClick={() => sendText("/start")}>
              {t("start")}
            </Button>
          </div>
        ) : null}
        {chat.items.map((item) =>
          item.kind === "user" ? (
            <UserBubble key={item.key} text={item.text} action={item.action} />
          ) : item.kind === "bot" ? (
            <BotBubble
              key={item.key}
              message={item.message}
              disabled={busy}
              onPress={(button) =>
                send(
                  { kind: "callback", data: button.data },
                  { text: t("pressed", { text: button.text }), action: true },
                )
              }
            />
          ) : (
            <NoteLine
              key={item.key}
              note={item.note}
              waiting={waiting}
              disabled={busy}
              onSkip={(note) =>
                send(
                  { kind: "timer", nodeId: note.nodeId, since: note.since },
                  { text: t("skipped"), action: true },
                )
              }
              onSimulate={(note, ok) =>
                send(
                  {
                    kind: "http_result",
                    nodeId: note.nodeId,
                    since: note.since,
                    ok,
                    status: ok ? 200 : 500,
                  },
                  { text: ok ? t("simulatedOk") : t("simulatedError"), action: true },
                )
              }
            />
          ),
        )}
        {busy ? (
          <div
            className="flex items-center gap-1 self-start rounded-2xl rounded-bl-sm bg-white px-3 py-3 shadow-sm"
            role="status"
            aria-label={t("typing")}
          >
            {[0, 150, 300].map((delay) => (
              <span
                key={delay}
                className="size-1.5 animate-bounce rounded-full bg-slate-400"
                style={{ animationDelay: `${delay}ms` }}
              />
            ))}
          </div>
        ) : null}
        {step.isError ? (
          <div
            role="alert"
            className="flex max-w-[94%] flex-col gap-1.5 self-center rounded-lg bg-red-50 px-3 py-2 text-xs text-red-800 ring-1 ring-red-200"
          >
            <p>
              {t("error", {
                message:
                  step.error instanceof ApiRequestError ? step.error.message : t("unknownError"),
              })}
            </p>
            <button
              type="button"
              className="self-start font-medium underline underline-offset-2"
              onClick={() => step.variables && step.mutate(step.variables)}
            >
              {t("retry")}
            </button>
          </div>
        ) : null}
      </div>

      {chat.keyboard && !chat.keyboard.hidden ? (
        <div className="flex flex-col gap-1 border-t border-slate-200 bg-slate-50 p-2">
          {chat.keyboard.rows.map((row, r) => (
            <div key={r} className="flex gap-1">
              {row.map((button, b) => (
                <button
                  key={b}
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    button.requestContact
                      ? sharePhone()
                      : send(
                          { kind: "message", text: button.text },
                          { text: button.text, action: false },
                        )
                  }
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
      ) : waiting?.kind === "contact" ? (
        <div className="border-t border-slate-200 bg-slate-50 p-2">
          <Button
            variant="secondary"
            size="sm"
            className="w-full"
            onClick={sharePhone}
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
          if (sendText(text)) setText("");
        }}
      >
        {chat.keyboard ? (
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="size-8"
            aria-pressed={!chat.keyboard.hidden}
            aria-label={chat.keyboard.hidden ? t("showKeyboard") : t("hideKeyboard")}
            title={chat.keyboard.hidden ? t("showKeyboard") : t("hideKeyboard")}
            onClick={() => dispatch({ type: "keyboard", hidden: !chat.keyboard!.hidden })}
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
    </section>
  );
}

/** Pans the canvas (zoom kept) to a node outside the visible part, so the ring is seen. */
function useRevealNode() {
  const { getInternalNode, getViewport, setCenter } = useReactFlow();
  const store = useStoreApi();
  return useCallback(
    (nodeId: string) => {
      const node = getInternalNode(nodeId);
      if (!node) return;
      const { width, height } = store.getState();
      const { x, y, zoom } = getViewport();
      const position = node.internals.positionAbsolute;
      const w = node.measured.width ?? 240;
      const h = node.measured.height ?? 100;
      const left = position.x * zoom + x;
      const top = position.y * zoom + y;
      const margin = 16;
      const inView =
        left >= margin &&
        top >= margin &&
        left + w * zoom <= width - margin &&
        top + h * zoom <= height - margin;
      if (!inView) void setCenter(position.x + w / 2, position.y + h / 2, { zoom, duration: 300 });
    },
    [getInternalNode, getViewport, setCenter, store],
  );
}

function VariableRow({ name, value }: { name: string; value: unknown }) {
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return (
    <>
      <dt className="truncate font-mono text-slate-500" title={name}>
        {name}
      </dt>
      <dd className="truncate font-mono text-slate-900" title={shown}>
        {shown}
      </dd>
    </>
  );
}
