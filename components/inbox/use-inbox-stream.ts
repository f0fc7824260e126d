"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { api } from "@/components/api/request";
import { inboxStream } from "@/lib/api/contracts/inbox";
import {
  conversationKey,
  conversationPath,
  conversationsKey,
  threadKey,
  type ConversationCardDto,
} from "./queries";

/**
 * Live inbox: the server's event stream names each conversation that changed, and the queries
 * showing it are refetched. While the tab is hidden, a new message in a waiting conversation
 * (or one the agent holds) also raises a browser notification, if the agent allowed them.
 */
export function useInboxStream({
  userId,
  onOpen,
}: {
  userId: string;
  onOpen: (conversationId: string) => void;
}) {
  const queryClient = useQueryClient();
  const t = useTranslations("inbox.notifications");
  const notified = useRef(new Map<string, string>());
  const openRef = useRef(onOpen);
  useEffect(() => {
    openRef.current = onOpen;
  }, [onOpen]);

  useEffect(() => {
    const source = new EventSource(inboxStream.path);
    const changed = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
      for (const id of changed) {
        void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
        void queryClient.invalidateQueries({ queryKey: threadKey(id) });
        if (document.hidden) void notify(id);
      }
      changed.clear();
    };
    const notify = async (id: string) => {
      if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
      const card = await api.get<ConversationCardDto>(conversationPath(id)).catch(() => undefined);
      const c = card?.conversation;
      if (!c || c.unread === 0) return;
      const mine = c.status === "assigned" && c.assignee?.id === userId;
      if (c.status !== "waiting" && !mine) return;
      if (notified.current.get(id) === c.lastMessageAt) return;
      notified.current.set(id, c.lastMessageAt);
      const n = new Notification(
        c.status === "waiting"
          ? t("waiting", { name: c.contact.name })
          : t("message", { name: c.contact.name }),
        { body: c.lastMessageText, tag: `conversation-${id}` },
      );
      n.onclick = () => {
        window.focus();
        openRef.current(id);
        n.close();
      };
    };
    source.onmessage = (event: MessageEvent<string>) => {
      try {
        const { conversationId } = JSON.parse(event.data) as { conversationId?: string };
        if (typeof conversationId === "string") changed.add(conversationId);
      } catch {
        return;
      }
      // Changes come in bursts (a message and its conversation row): one refetch per burst.
      timer ??= setTimeout(flush, 30);
    };
    // After a reconnect, whatever happened meanwhile is read again.
    source.onopen = () => void queryClient.invalidateQueries({ queryKey: conversationsKey });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [queryClient, t, userId]);
}
