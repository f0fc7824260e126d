"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, MessageSquareText, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { useReportApiError } from "@/components/forms/api-errors";
import { useIssueTranslator } from "@/components/forms/use-issue-translator";
import { localizedZodResolver } from "@/components/forms/zod-resolver";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { SkeletonRows } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { cannedReplyInput, listCannedReplies } from "@/lib/api/contracts/inbox";
import { cannedRepliesKey, cannedRepliesQuery, type CannedReplyDto } from "./queries";

const replyPath = (id: string) => `${listCannedReplies.path}/${encodeURIComponent(id)}`;

/** Owners and admins keep the answers agents insert from the composer. */
export function CannedRepliesView() {
  const t = useTranslations("inbox.replies");
  const tc = useTranslations("common");
  const replies = useQuery(cannedRepliesQuery());
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const [editing, setEditing] = useState<CannedReplyDto | "new" | null>(null);
  const [deleting, setDeleting] = useState<CannedReplyDto | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(replyPath(id)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: cannedRepliesKey });
      toast.success(t("deleted"));
    },
    onError: (err) => report(err),
  });
  const rows = replies.data?.data ?? [];

  return (
    <>
      <Link
        href="/inbox"
        className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("back")}
      </Link>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button onClick={() => setEditing("new")}>
            <Plus aria-hidden />
            {t("add")}
          </Button>
        }
      />
      <Card>
        {replies.isPending ? (
          <SkeletonRows rows={4} label={tc("loading")} />
        ) : replies.isError ? (
          <ErrorState onRetry={() => void replies.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={MessageSquareText}
            title={t("empty.title")}
            text={t("empty.text")}
            action={<Button onClick={() => setEditing("new")}>{t("add")}</Button>}
          />
        ) : (
          <ul className="divide-y divide-slate-100">
            {rows.map((r) => (
              <li key={r.id} className="flex items-start gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-slate-900">{r.title}</p>
                  <p className="mt-0.5 text-sm whitespace-pre-wrap text-slate-600">{r.text}</p>
                </div>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={t("edit")}
                  onClick={() => setEditing(r)}
                >
                  <Pencil aria-hidden />
                </Button>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={tc("delete")}
                  onClick={() => setDeleting(r)}
                >
                  <Trash2 aria-hidden />
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ReplyDialog reply={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t("deleteTitle", { title: deleting?.title ?? "" })}
        description={t("deleteText")}
        confirmLabel={tc("delete")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting.id) : undefined)}
      />
    </>
  );
}

function ReplyDialog({
  reply,
  onClose,
}: {
  reply: CannedReplyDto | "new" | null;
  onClose: () => void;
}) {
  const t = useTranslations("inbox.replies");
  const tc = useTranslations("common");
  const queryClient = useQueryClient();
  const report = useReportApiError();
  const existing = reply !== "new" ? reply : null;
  const form = useForm({
    resolver: localizedZodResolver(cannedReplyInput, useIssueTranslator()),
    values: { title: existing?.title ?? "", text: existing?.text ?? "" },
  });
  const save = useMutation({
    mutationFn: (values: { title: string; text: string }) =>
      existing
        ? api.patch(replyPath(existing.id), values)
        : api.post(listCannedReplies.path, values),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: cannedRepliesKey });
      toast.success(t("saved"));
      onClose();
    },
    onError: (err) => report(err, { setError: form.setError, fields: ["title", "text"] }),
  });
  return (
    <Dialog open={reply !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent>
        <form onSubmit={form.handleSubmit((v) => save.mutate(v))} noValidate className="space-y-4">
          <DialogHeader>
            <DialogTitle>{existing ? t("edit") : t("add")}</DialogTitle>
            <DialogDescription>
              {t("variables", { example: "{{contact.first_name}}" })}
            </DialogDescription>
          </DialogHeader>
          <Field
            id="reply-title"
            label={t("fieldTitle")}
            error={form.formState.errors.title?.message}
          >
            {(control) => <Input {...control} autoFocus {...form.register("title")} />}
          </Field>
          <Field id="reply-text" label={t("fieldText")} error={form.formState.errors.text?.message}>
            {(control) => <Textarea {...control} rows={6} {...form.register("text")} />}
          </Field>
          <DialogFooter>
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {tc("save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
