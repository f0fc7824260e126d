"use client";

import { useMutation } from "@tanstack/react-query";
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { MessageCircle, RotateCcw, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useReducer, useRef } from "react";
import { api, ApiRequestError } from "@/components/api/request";
import { Button } from "@/components/ui/button";
import { previewFlow } from "@/lib/api/contracts/flows";
import type { FlowDocument } from "@/lib/flow/document";
import type {
  PreviewContact,
  PreviewEvent,
  PreviewResult,
  PreviewSession,
} from "@/lib/runtime/preview-schema";
import { chatReducer, emptyChat } from "./preview-chat";
import { PreviewComposer } from "./preview-composer";
import { BotBubble, UserBubble } from "./preview-message";
import { NoteLine } from "./preview-note";
import { PreviewVariables } from "./preview-variables";
import { useFlowEditor } from "./store";

/** The number "Share my phone" sends: the preview has no real one to share. */
const samplePhone = "+15550100123";

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

  /** Runs one event; `fresh` starts from no session (Restart), whatever the chat holds. */
  function send(event: PreviewEvent, user: { text: string; action: boolean }, fresh = false) {
    dispatch({ type: "user", ...user });
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

      <PreviewVariables variables={chat.session?.variables ?? {}} contact={chat.contact} />

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
              onPayment={(note, outcome) =>
                send(
                  { kind: "payment", nodeId: note.nodeId, since: note.since, outcome },
                  {
                    text: t("simulatedPayment", { outcome: t(`notes.outcomes.${outcome}`) }),
                    action: true,
                  },
                )
              }
              onRelease={() =>
                send({ kind: "release" }, { text: t("simulatedRelease"), action: true })
              }
              onDelivery={(note, outcome) =>
                send(
                  { kind: "delivery", nodeId: note.nodeId, since: note.since, outcome },
                  {
                    text: t("simulatedDelivery", {
                      outcome: t(`notes.deliveryOutcomes.${outcome}`),
                    }),
                    action: true,
                  },
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

      <PreviewComposer
        keyboard={chat.keyboard}
        contactRequested={waiting?.kind === "contact"}
        busy={busy}
        inputRef={inputRef}
        onText={sendText}
        onSharePhone={sharePhone}
        onKeyboard={(hidden) => dispatch({ type: "keyboard", hidden })}
      />
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
