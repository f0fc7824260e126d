"use client";

import { Bell, BellOff, HelpCircle, MessageSquareText, MessagesSquare } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { ConversationList, inboxFilters } from "./conversation-list";
import { ConversationPane } from "./conversation-pane";
import type { InboxFilter } from "./queries";
import { useInboxStream } from "./use-inbox-stream";

/**
 * The inbox: conversations on the left, the open one (?c=id) in the middle with the contact's
 * card on the right. Live through the server's event stream. On a phone, the list or the thread.
 */
export function InboxView({
  userId,
  canOpenOrders,
  canManageReplies,
}: {
  userId: string;
  canOpenOrders: boolean;
  canManageReplies: boolean;
}) {
  const t = useTranslations("inbox");
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const selected = search.get("c");
  const filterParam = search.get("f");
  const filter: InboxFilter = (inboxFilters as string[]).includes(filterParam ?? "")
    ? (filterParam as InboxFilter)
    : "waiting";
  const q = search.get("q") ?? "";

  const change = useCallback(
    (next: Record<string, string | null>) => {
      const params = new URLSearchParams(search.toString());
      for (const [k, v] of Object.entries(next)) {
        if (v) params.set(k, v);
        else params.delete(k);
      }
      const qs = params.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname, search],
  );
  const open = useCallback((id: string) => change({ c: id }), [change]);
  useInboxStream({ userId, onOpen: open });

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        className="mb-4"
        actions={
          <>
            <NotificationButton />
            {canManageReplies ? (
              <Button variant="secondary" size="sm" asChild>
                <Link href="/inbox/replies">
                  <MessageSquareText aria-hidden />
                  {t("links.replies")}
                </Link>
              </Button>
            ) : null}
            <Button variant="secondary" size="sm" asChild>
              <Link href="/inbox/unanswered">
                <HelpCircle aria-hidden />
                {t("links.unanswered")}
              </Link>
            </Button>
          </>
        }
      />
      <div className="relative flex h-[calc(100dvh-12rem)] min-h-[32rem] overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <ConversationList
          filter={filter}
          q={q}
          selectedId={selected}
          onFilter={(f) => change({ f: f === "waiting" ? null : f })}
          onSearch={(text) => change({ q: text || null })}
          onSelect={open}
          className={cn("w-full md:w-80 md:shrink-0", selected ? "hidden md:flex" : "flex")}
        />
        {selected ? (
          <ConversationPane
            key={selected}
            id={selected}
            userId={userId}
            canOpenOrders={canOpenOrders}
            canManageReplies={canManageReplies}
            onBack={() => change({ c: null })}
          />
        ) : (
          <div className="hidden flex-1 flex-col items-center justify-center border-l border-slate-200 bg-slate-50 p-8 text-center md:flex">
            <MessagesSquare className="mb-3 size-10 text-slate-300" aria-hidden />
            <p className="text-sm font-medium text-slate-700">{t("thread.none")}</p>
            <p className="mt-1 max-w-sm text-sm text-slate-500">{t("thread.noneHint")}</p>
          </div>
        )}
      </div>
    </>
  );
}

/** Browser notifications are asked for from a button, never on load. */
function NotificationButton() {
  const t = useTranslations("inbox.notifications");
  const [asked, setAsked] = useState<NotificationPermission | null>(null);
  const current = useSyncExternalStore(
    noSubscription,
    () => (typeof Notification === "undefined" ? "unsupported" : Notification.permission),
    () => "default" as const,
  );
  const permission = asked ?? current;
  if (permission === "unsupported") return null;
  if (permission === "granted")
    return (
      <span className="inline-flex items-center gap-1.5 self-center text-xs text-slate-500">
        <Bell className="size-3.5" aria-hidden />
        {t("on")}
      </span>
    );
  if (permission === "denied")
    return (
      <span
        className="inline-flex items-center gap-1.5 self-center text-xs text-slate-500"
        title={t("deniedHint")}
      >
        <BellOff className="size-3.5" aria-hidden />
        {t("denied")}
      </span>
    );
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={() => void Notification.requestPermission().then(setAsked)}
    >
      <Bell aria-hidden />
      {t("enable")}
    </Button>
  );
}
