"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
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
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input, fieldClass } from "@/components/ui/input";
import { contactFieldTypes, type ContactFieldType } from "@/lib/contacts/fields";
import { contactsKey, fieldPath, fieldsPath, fieldsQuery, type ContactFieldDto } from "./queries";

/** Custom field definitions: name (the template key), label and type. */
export function FieldsDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const t = useTranslations("contacts.fieldDefs");
  const qc = useQueryClient();
  const fields = useQuery({ ...fieldsQuery, enabled: open });
  const [draft, setDraft] = useState({ name: "", label: "", type: "text" as ContactFieldType });
  const [deleting, setDeleting] = useState<ContactFieldDto | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: contactsKey });

  const create = useMutation({
    mutationFn: () => api.post(fieldsPath, draft),
    onSuccess: () => {
      toast.success(t("created"));
      setDraft({ name: "", label: "", type: "text" });
      void refresh();
    },
    onError: (err) => toast.error(err.message),
  });
  const update = useMutation({
    mutationFn: ({ id, ...patch }: { id: string; label?: string; type?: ContactFieldType }) =>
      api.patch(fieldPath(id), patch),
    onSuccess: () => void refresh(),
    onError: (err) => toast.error(err.message),
  });
  const remove = useMutation({
    mutationFn: (f: ContactFieldDto) => api.delete(fieldPath(f.id)),
    onSuccess: () => {
      toast.success(t("deleted"));
      void refresh();
    },
    onError: (err) => toast.error(err.message),
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("description")}</DialogDescription>
        </DialogHeader>
        <div className="space-y-2">
          {fields.data?.length === 0 ? (
            <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-600">{t("empty")}</p>
          ) : null}
          {fields.data?.map((f) => (
            <div key={f.id} className="flex items-center gap-2">
              <code
                className="w-36 truncate rounded bg-slate-100 px-2 py-1.5 text-xs"
                title={f.name}
              >
                {f.name}
              </code>
              <Input
                aria-label={t("label")}
                defaultValue={f.label}
                className="flex-1"
                onBlur={(e) =>
                  e.target.value.trim() &&
                  e.target.value !== f.label &&
                  update.mutate({ id: f.id, label: e.target.value.trim() })
                }
              />
              <select
                aria-label={t("type")}
                className={cn(fieldClass, "h-9 w-32")}
                value={f.type}
                onChange={(e) =>
                  update.mutate({ id: f.id, type: e.target.value as ContactFieldType })
                }
              >
                {contactFieldTypes.map((type) => (
                  <option key={type} value={type}>
                    {t(`types.${type}`)}
                  </option>
                ))}
              </select>
              <Button
                variant="ghost"
                size="icon"
                aria-label={t("delete", { name: f.label })}
                onClick={() => setDeleting(f)}
              >
                <Trash2 aria-hidden />
              </Button>
            </div>
          ))}
        </div>
        <form
          className="mt-4 flex flex-wrap items-end gap-2 border-t border-slate-100 pt-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <label className="flex w-36 flex-col gap-1 text-xs font-medium text-slate-600">
            {t("name")}
            <Input
              value={draft.name}
              placeholder="city"
              pattern="[a-z][a-z0-9_]{0,49}"
              title={t("nameHint")}
              onChange={(e) => setDraft({ ...draft, name: e.target.value.toLowerCase() })}
            />
          </label>
          <label className="flex flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
            {t("label")}
            <Input
              value={draft.label}
              placeholder={t("labelPlaceholder")}
              onChange={(e) => setDraft({ ...draft, label: e.target.value })}
            />
          </label>
          <label className="flex w-32 flex-col gap-1 text-xs font-medium text-slate-600">
            {t("type")}
            <select
              className={cn(fieldClass, "h-9")}
              value={draft.type}
              onChange={(e) => setDraft({ ...draft, type: e.target.value as ContactFieldType })}
            >
              {contactFieldTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!draft.name || !draft.label.trim()}
          >
            <Plus aria-hidden />
            {t("add")}
          </Button>
        </form>
        <p className="mt-3 text-xs text-slate-500">{t("nameHint")}</p>
        <ConfirmDialog
          open={!!deleting}
          onOpenChange={(o) => !o && setDeleting(null)}
          title={t("deleteTitle", { name: deleting?.label ?? "" })}
          description={t("deleteText")}
          confirmLabel={t("deleteConfirm")}
          onConfirm={() => (deleting ? remove.mutateAsync(deleting) : undefined)}
        />
      </DialogContent>
    </Dialog>
  );
}
