"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CheckCircle2, Hand, Info, Undo2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Composer } from "./composer";
import { ContactCard } from "./contact-card";
import { MessageList } from "./message-list";
import {
  conversationPath,
  conversationQuery,
  conversationsKey,
  inboxKey,
  type ConversationCardDto,
} from "./queries";
import { ReleaseDialog } from "./release-dialog";
import { StatusBadge } from "./status-badge";
import { MessagesSquare } from "lucide-react";

/** The middle and right panes for the open conversation: header with actions, thread, composer, card. */
export function ConversationPane({
  id,
  userId,
  canOpenOrders,
  canManageReplies,
  onBack,
}: {
  id: string;
  userId: string;
  canOpenOrders: boolean;
  canManageReplies: boolean;
  onBack: () => void;
}) {
  const t = useTranslations("inbox");
  const tc = useTranslations("common");
  const card = useQuery(conversationQuery(id));
  const queryClient = useQueryClient();
  const [showCard, setShowCard] = useState(false);
  const unread = card.data?.conversation.unread ?? 0;

  // Opening a thread reads it: the unread badge goes.
  useEffect(() => {
    if (unread > 0)
      void api
        .post(conversationPath(id, "read"))
        .then(() => queryClient.invalidateQueries({ queryKey: conversationsKey }));
  }, [id, unread, queryClient]);

  if (card.isPending)
    return (
      <div className="flex flex-1 flex-col gap-3 p-4" role="status" aria-label={tc("loading")}>
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="flex-1" />
      </div>
    );
  if (card.isError)
    return (
      <div className="flex-1">
        {card.error instanceof ApiRequestError && card.error.status === 404 ? (
          <EmptyState
            icon={MessagesSquare}
            title={tc("notFoundTitle")}
            text={t("thread.notFound")}
          />
        ) : (
          <ErrorState onRetry={() => void card.refetch()} />
        )}
      </div>
    );
  const data = card.data;
  return (
    <>
      <section
        aria-label={t("thread.label")}
        className="flex min-w-0 flex-1 flex-col border-slate-200 md:border-l"
      >
        <Header
          data={data}
          userId={userId}
          onBack={onBack}
          onToggleCard={() => setShowCard(!showCard)}
        />
        <MessageList conversationId={id} />
        <Composer
          conversationId={id}
          canManageReplies={canManageReplies}
          disabledReason={
            data.contact.blocked
              ? t("composer.blocked")
              : data.conversation.status === "assigned" && data.conversation.assignee?.id !== userId
                ? t("composer.heldByOther", { name: data.conversation.assignee?.name ?? "" })
                : null
          }
        />
      </section>
      <ContactCard
        card={data}
        canOpenOrders={canOpenOrders}
        className={cn(
          "w-64 shrink-0 border-l border-slate-200",
          showCard
            ? "absolute inset-y-0 right-0 z-20 shadow-xl xl:static xl:shadow-none"
            : "hidden xl:block",
        )}
      />
    </>
  );
}

function Header({
  data,
  userId,
  onBack,
  onToggleCard,
}: {
  data: ConversationCardDto;
  userId: string;
  onBack: () => void;
  onToggleCard: () => void;
}) {
  const t = useTranslations("inbox");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [releasing, setReleasing] = useState(false);
  const [closing, setClosing] = useState(false);
  const [takingOver, setTakingOver] = useState(false);
  const c = data.conversation;
  const mine = c.status === "assigned" && c.assignee?.id === userId;
  const heldByOther = c.status === "assigned" && !mine;
  const invalidate = () => queryClient.invalidateQueries({ queryKey: inboxKey });

  const take = useMutation({
    mutationFn: (takeOver: boolean) => api.post(conversationPath(c.id, "take"), { takeOver }),
    onSuccess: () => {
      void invalidate();
      toast.success(t("actions.taken"));
    },
    onError: (err) => report(err),
  });
  const close = useMutation({
    mutationFn: () => api.post(conversationPath(c.id, "close")),
    onSuccess: () => {
      void invalidate();
      toast.success(t("actions.closed"));
    },
    onError: (err) => report(err),
  });

  return (
    <div className="border-b border-slate-200 bg-white px-3 py-2">
      <div className="flex items-center gap-2">
        <Button
          variant="ghost"
          size="icon"
          className="md:hidden"
          onClick={onBack}
          aria-label={t("thread.back")}
        >
          <ArrowLeft aria-hidden />
        </Button>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-sm font-semibold text-slate-900">
            {c.contact.name || t("unnamed")}
          </h2>
          <p className="flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
            <StatusBadge status={c.status} />
            {c.assignee ? (
              <span>
                {t("thread.assignee", { name: mine ? t("thread.you") : c.assignee.name })}
              </span>
            ) : null}
            {c.contact.username ? <span>@{c.contact.username}</span> : null}
            <span>· {c.bot.name}</span>
          </p>
        </div>
        <Button
          variant="ghost"
          size="icon"
          className="xl:hidden"
          onClick={onToggleCard}
          aria-label={t("card.toggle")}
        >
          <Info aria-hidden />
        </Button>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-1.5 empty:hidden">
        {!mine ? (
          <Button
            size="sm"
            onClick={() => (heldByOther ? setTakingOver(true) : take.mutate(false))}
            loading={take.isPending}
          >
            <Hand aria-hidden />
            {heldByOther ? t("actions.takeOver") : t("actions.take")}
          </Button>
        ) : null}
        {c.status === "waiting" || c.status === "assigned" ? (
          <Button size="sm" variant="secondary" onClick={() => setReleasing(true)}>
            <Undo2 aria-hidden />
            {t("actions.release")}
          </Button>
        ) : null}
        {c.status !== "closed" ? (
          <Button size="sm" variant="secondary" onClick={() => setClosing(true)}>
            <CheckCircle2 aria-hidden />
            {t("actions.close")}
          </Button>
        ) : null}
      </div>
      <ReleaseDialog conversationId={c.id} open={releasing} onOpenChange={setReleasing} />
      <ConfirmDialog
        open={closing}
        onOpenChange={setClosing}
        title={t("actions.closeTitle")}
        description={t("actions.closeText")}
        confirmLabel={t("actions.close")}
        onConfirm={() => close.mutateAsync()}
      />
      <ConfirmDialog
        open={takingOver}
        onOpenChange={setTakingOver}
        title={t("actions.takeOverTitle", { name: c.assignee?.name ?? "" })}
        description={t("actions.takeOverText", { name: c.assignee?.name ?? "" })}
        confirmLabel={t("actions.takeOver")}
        onConfirm={() => take.mutateAsync(true)}
      />
    </div>
  );
}
