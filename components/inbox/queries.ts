import type { z } from "zod";
import { api } from "@/components/api/request";
import {
  getConversation,
  getReleaseTargets,
  listCannedReplies,
  listConversationMessages,
  listConversations,
  type cannedReplySchema,
  type conversationSummarySchema,
  type inboxMessageSchema,
} from "@/lib/api/contracts/inbox";

export type ConversationSummaryDto = z.infer<typeof conversationSummarySchema>;
export type InboxMessageDto = z.infer<typeof inboxMessageSchema>;
export type CannedReplyDto = z.infer<typeof cannedReplySchema>;
export type ConversationListDto = z.infer<NonNullable<typeof listConversations.response>>;
export type ConversationCardDto = z.infer<NonNullable<typeof getConversation.response>>;
export type ReleaseTargetsDto = z.infer<NonNullable<typeof getReleaseTargets.response>>;
export type InboxFilter = "waiting" | "mine" | "unassigned" | "all" | "closed";

export const inboxKey = ["inbox"] as const;
export const conversationsKey = [...inboxKey, "list"] as const;
export const conversationKey = (id: string) => [...inboxKey, "conversation", id] as const;
export const threadKey = (id: string) => [...inboxKey, "thread", id] as const;
export const cannedRepliesKey = [...inboxKey, "canned"] as const;

const byId = (path: string, id: string) => path.replace("{id}", encodeURIComponent(id));
export const conversationPath = (id: string, action?: string) =>
  byId(getConversation.path, id) + (action ? `/${action}` : "");

export const conversationsQuery = (filter: InboxFilter, q: string) => ({
  queryKey: [...conversationsKey, filter, q] as const,
  queryFn: ({ signal, pageParam }: { signal: AbortSignal; pageParam: string | null }) =>
    api.get<ConversationListDto>(
      listConversations.path,
      { filter, q: q || undefined, cursor: pageParam, limit: 50 },
      signal,
    ),
  initialPageParam: null as string | null,
  getNextPageParam: (last: ConversationListDto) => last.nextCursor,
});

export const conversationQuery = (id: string) => ({
  queryKey: conversationKey(id),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<ConversationCardDto>(conversationPath(id), undefined, signal),
  retry: false,
});

export const threadQuery = (id: string) => ({
  queryKey: threadKey(id),
  queryFn: ({ signal, pageParam }: { signal: AbortSignal; pageParam: number | null }) =>
    api.get<{ data: InboxMessageDto[]; nextBefore: number | null }>(
      byId(listConversationMessages.path, id),
      { before: pageParam, limit: 50 },
      signal,
    ),
  initialPageParam: null as number | null,
  getNextPageParam: (last: { nextBefore: number | null }) => last.nextBefore,
});

export const releaseTargetsQuery = (id: string) => ({
  queryKey: [...inboxKey, "release-targets", id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<ReleaseTargetsDto>(byId(getReleaseTargets.path, id), undefined, signal),
});

export const cannedRepliesQuery = () => ({
  queryKey: cannedRepliesKey,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ data: CannedReplyDto[] }>(listCannedReplies.path, undefined, signal),
});
