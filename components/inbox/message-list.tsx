"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { FileText, Headset, MousePointerClick, Phone } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { Fragment, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import { formatBytes } from "@/components/files/format-bytes";
import { threadQuery, type InboxMessageDto } from "./queries";

/**
 * The thread: contact on the left, bot and agents on the right, the buttons the contact saw under
 * a message, presses and shared phones, a separator per day. It stays at the bottom as messages
 * arrive (unless the agent scrolled up to read) and loads older ones at the top.
 */
export function MessageList({ conversationId }: { conversationId: string }) {
  const t = useTranslations("inbox.thread");
  const tc = useTranslations("common");
  const locale = useLocale();
  const thread = useInfiniteQuery(threadQuery(conversationId));
  const messages = useMemo(
    () => (thread.data?.pages ?? []).toReversed().flatMap((p) => p.data),
    [thread.data],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previousHeight = useRef<number | null>(null);
  const newest = messages.at(-1)?.id;

  // Older messages were added at the top: keep what the agent was reading in place.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (previousHeight.current !== null) {
      el.scrollTop += el.scrollHeight - previousHeight.current;
      previousHeight.current = null;
    }
  }, [thread.data?.pages.length]);

  useEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [newest]);

  useEffect(() => {
    atBottom.current = true;
  }, [conversationId]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 80 && thread.hasNextPage && !thread.isFetchingNextPage) {
      previousHeight.current = el.scrollHeight;
      void thread.fetchNextPage();
    }
  };

  const day = new Intl.DateTimeFormat(locale, { dateStyle: "full" });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short" });

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      className="min-h-0 flex-1 overflow-y-auto bg-slate-50 px-4 py-3"
      role="log"
      aria-label={t("label")}
      aria-live="polite"
    >
      {thread.isPending ? (
        <SkeletonRows rows={5} label={tc("loading")} />
      ) : thread.isError ? (
        <ErrorState onRetry={() => void thread.refetch()} />
      ) : messages.length === 0 ? (
        <p className="py-12 text-center text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <>
          {thread.hasNextPage ? (
            <p className="pb-2 text-center text-xs text-slate-400">
              {thread.isFetchingNextPage ? tc("loading") : t("older")}
            </p>
          ) : (
            <p className="pb-2 text-center text-xs text-slate-400">{t("beginning")}</p>
          )}
          {messages.map((m, i) => {
            const previous = messages[i - 1];
            const newDay =
              !previous ||
              new Date(previous.createdAt).toDateString() !== new Date(m.createdAt).toDateString();
            return (
              <Fragment key={m.id}>
                {newDay ? (
                  <div
                    className="my-3 flex items-center gap-3 text-xs text-slate-400"
                    role="separator"
                  >
                    <span className="h-px flex-1 bg-slate-200" />
                    {day.format(new Date(m.createdAt))}
                    <span className="h-px flex-1 bg-slate-200" />
                  </div>
                ) : null}
                <MessageBubble message={m} time={time.format(new Date(m.createdAt))} />
              </Fragment>
            );
          })}
        </>
      )}
    </div>
  );
}

function MessageBubble({ message: m, time }: { message: InboxMessageDto; time: string }) {
  const t = useTranslations("inbox.thread");
  const locale = useLocale();
  const incoming = m.direction === "in";
  if (m.pressed) {
    return (
      <div className="my-1.5 flex justify-start">
        <span className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-3 py-1 text-xs text-slate-600">
          <MousePointerClick className="size-3.5 text-slate-400" aria-hidden />
          {m.pressed.label !== null
            ? t("pressed", { label: m.pressed.label })
            : t("pressedUnknown")}
          <span className="text-slate-400">{time}</span>
        </span>
      </div>
    );
  }
  const who =
    m.author === "agent" ? (m.agent?.name ?? t("agent")) : m.author === "bot" ? t("bot") : null;
  return (
    <div className={cn("my-1.5 flex", incoming ? "justify-start" : "justify-end")}>
      <div className="max-w-[85%] sm:max-w-[75%]">
        {who ? (
          <p className="mb-0.5 flex items-center justify-end gap-1 text-xs text-slate-500">
            {m.author === "agent" ? <Headset className="size-3" aria-hidden /> : null}
            {who}
          </p>
        ) : null}
        <div
          className={cn(
            "rounded-2xl px-3 py-2 text-sm shadow-sm",
            incoming
              ? "rounded-bl-sm bg-white text-slate-900 ring-1 ring-slate-200"
              : m.author === "agent"
                ? "rounded-br-sm bg-brand-600 text-white"
                : "rounded-br-sm bg-slate-700 text-white",
          )}
        >
          {m.file ? (
            <span className="mb-1 flex items-center gap-2">
              <FileText className="size-4 shrink-0" aria-hidden />
              <span className="truncate font-medium">{m.file.name}</span>
              {m.file.size ? (
                <span className="shrink-0 text-xs opacity-70">
                  {formatBytes(m.file.size, locale)}
                </span>
              ) : null}
            </span>
          ) : null}
          {m.phone ? (
            <span className="flex items-center gap-2">
              <Phone className="size-4" aria-hidden />
              {t("phoneShared", { phone: m.phone })}
            </span>
          ) : null}
          {m.method && !m.file && !m.text ? (
            <span className="italic opacity-80">{t("method", { method: m.method })}</span>
          ) : null}
          {m.text ? <p className="break-words whitespace-pre-wrap">{m.text}</p> : null}
          <p
            className={cn(
              "mt-1 text-right text-[11px]",
              incoming ? "text-slate-400" : "text-white/70",
            )}
          >
            {time}
          </p>
        </div>
        {m.buttons?.length ? (
          <div className="mt-1 space-y-1" aria-label={t("buttons")}>
            {m.buttons.map((row, r) => (
              <div key={r} className="flex gap-1">
                {row.map((b, k) => (
                  <span
                    key={k}
                    className="flex-1 truncate rounded-md border border-slate-200 bg-white px-2 py-1 text-center text-xs text-slate-700"
                    title={b.url ?? b.callback_data}
                  >
                    {b.text}
                    {b.url ? " ↗" : ""}
                  </span>
                ))}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
}
