"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Layers, Pencil, Save, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/request";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  Dialog,
  DialogContent,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { SegmentFilter } from "@/lib/contacts/segment-filter";
import {
  cleanFilter,
  contactsKey,
  segmentPath,
  segmentsPath,
  segmentsQuery,
  type SegmentDto,
} from "./queries";

const same = (a: unknown, b: unknown) =>
  JSON.stringify(cleanFilter((a ?? {}) as SegmentFilter)) ===
  JSON.stringify(cleanFilter((b ?? {}) as SegmentFilter));

/** Saved segments with live counts: pick one to filter by it; save, rename or delete them. */
export function SegmentsPanel({
  filter,
  onPick,
  canManage,
}: {
  filter: SegmentFilter;
  onPick: (filter: SegmentFilter) => void;
  canManage: boolean;
}) {
  const t = useTranslations("contacts.segments");
  const qc = useQueryClient();
  const segments = useQuery(segmentsQuery);
  const [naming, setNaming] = useState<{ segment: SegmentDto | null } | null>(null);
  const [deleting, setDeleting] = useState<SegmentDto | null>(null);
  const current = segments.data?.find((s) => same(s.filter, filter));
  const empty = Object.keys(cleanFilter(filter)).length === 0;

  const remove = useMutation({
    mutationFn: (s: SegmentDto) => api.delete(segmentPath(s.id)),
    onSuccess: () => {
      toast.success(t("deleted"));
      void qc.invalidateQueries({ queryKey: contactsKey });
    },
    onError: (err) => toast.error(err.message),
  });

  return (
    <nav aria-label={t("title")} className="space-y-1">
      <p className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {t("title")}
      </p>
      <SegmentButton active={empty} onClick={() => onPick({})} label={t("all")} />
      {segments.isPending ? (
        <div className="space-y-2 px-2 py-1">
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : (
        segments.data?.map((s) => (
          <div key={s.id} className="group flex items-center">
            <SegmentButton
              active={current?.id === s.id}
              onClick={() => onPick(s.filter as SegmentFilter)}
              label={s.name}
              count={s.count}
            />
            {canManage ? (
              <span className="flex opacity-0 group-focus-within:opacity-100 group-hover:opacity-100">
                <button
                  type="button"
                  className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
                  aria-label={t("rename", { name: s.name })}
                  onClick={() => setNaming({ segment: s })}
                >
                  <Pencil className="size-3.5" aria-hidden />
                </button>
                <button
                  type="button"
                  className="rounded p-1 text-slate-400 hover:bg-red-50 hover:text-red-600"
                  aria-label={t("delete", { name: s.name })}
                  onClick={() => setDeleting(s)}
                >
                  <Trash2 className="size-3.5" aria-hidden />
                </button>
              </span>
            ) : null}
          </div>
        ))
      )}
      {segments.data?.length === 0 ? (
        <p className="px-2 py-1 text-xs text-slate-500">{t("none")}</p>
      ) : null}
      {canManage && !empty && !current ? (
        <Button
          variant="secondary"
          size="sm"
          className="mt-2 w-full"
          onClick={() => setNaming({ segment: null })}
        >
          <Save aria-hidden />
          {t("save")}
        </Button>
      ) : null}
      {naming ? (
        <NameDialog segment={naming.segment} filter={filter} onClose={() => setNaming(null)} />
      ) : null}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("deleteTitle", { name: deleting?.name ?? "" })}
        description={t("deleteText")}
        confirmLabel={t("deleteConfirm")}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : undefined)}
      />
    </nav>
  );
}

function SegmentButton({
  active,
  onClick,
  label,
  count,
}: {
  active: boolean;
  onClick: () => void;
  label: string;
  count?: number;
}) {
  return (
    <button
      type="button"
      aria-current={active || undefined}
      onClick={onClick}
      className={cn(
        "flex w-full min-w-0 flex-1 items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm",
        active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100",
      )}
    >
      <Layers className="size-4 shrink-0 opacity-60" aria-hidden />
      <span className="truncate" title={label}>
        {label}
      </span>
      {count !== undefined ? (
        <span className="ml-auto text-xs text-slate-500 tabular-nums">{count}</span>
      ) : null}
    </button>
  );
}

/** Save the current filter as a new segment, or rename one. */
function NameDialog({
  segment,
  filter,
  onClose,
}: {
  segment: SegmentDto | null;
  filter: SegmentFilter;
  onClose: () => void;
}) {
  const t = useTranslations("contacts.segments");
  const tc = useTranslations("common");
  const qc = useQueryClient();
  const [name, setName] = useState(segment?.name ?? "");
  const save = useMutation({
    mutationFn: () =>
      segment
        ? api.patch(segmentPath(segment.id), { name: name.trim() })
        : api.post(segmentsPath, { name: name.trim(), filter: cleanFilter(filter) }),
    onSuccess: () => {
      toast.success(segment ? t("renamed") : t("saved"));
      void qc.invalidateQueries({ queryKey: contactsKey });
      onClose();
    },
    onError: (err) => toast.error(err.message),
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{segment ? t("renameTitle") : t("saveTitle")}</DialogTitle>
        </DialogHeader>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <Input
            autoFocus
            aria-label={t("name")}
            placeholder={t("namePlaceholder")}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
          <DialogFooter>
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {tc("save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
