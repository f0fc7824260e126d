"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { api, ApiRequestError } from "@/components/api/request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, fieldClass } from "@/components/ui/input";
import { checkFieldValue } from "@/lib/contacts/fields";
import { contactPath, contactsKey, fieldsQuery, type ContactDetailDto } from "./queries";

type Patch = Record<string, unknown>;

export function useContactPatch(id: string) {
  const t = useTranslations("contacts.contact");
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Patch) => api.patch<ContactDetailDto>(contactPath(id), patch),
    onSuccess: (contact) => {
      qc.setQueryData([...contactsKey, id], contact);
      void qc.invalidateQueries({ queryKey: contactsKey });
      toast.success(t("saved"));
    },
    onError: (err) =>
      toast.error(
        err instanceof ApiRequestError && err.details.length
          ? err.details.map((d) => `${d.path}: ${d.message}`).join("\n")
          : err.message,
      ),
  });
}

/** Tag chips with a remove button each, and a box that adds one on Enter. */
export function TagsEditor({ contact, canEdit }: { contact: ContactDetailDto; canEdit: boolean }) {
  const t = useTranslations("contacts.contact");
  const patch = useContactPatch(contact.id);
  const [tag, setTag] = useState("");
  const add = () => {
    const value = tag.trim().replace(/[,;]/g, " ").trim();
    if (!value) return;
    patch.mutate({ addTags: [value] }, { onSuccess: () => setTag("") });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("tags")}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="flex flex-wrap gap-1.5">
          {contact.tags.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noTags")}</p>
          ) : null}
          {contact.tags.map((tg) => (
            <Badge key={tg} tone="brand" className="gap-1 py-1">
              {tg}
              {canEdit ? (
                <button
                  type="button"
                  aria-label={t("removeTag", { tag: tg })}
                  className="rounded-full hover:bg-brand-100"
                  onClick={() => patch.mutate({ removeTags: [tg] })}
                >
                  <X className="size-3" aria-hidden />
                </button>
              ) : null}
            </Badge>
          ))}
        </div>
        {canEdit ? (
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              add();
            }}
          >
            <Input
              aria-label={t("newTag")}
              placeholder={t("newTag")}
              value={tag}
              maxLength={100}
              onChange={(e) => setTag(e.target.value)}
            />
            <Button
              type="submit"
              variant="secondary"
              loading={patch.isPending}
              disabled={!tag.trim()}
            >
              <Plus aria-hidden />
              {t("addTag")}
            </Button>
          </form>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** One input per declared field, typed; values set by flows without a declaration read-only. */
export function FieldsEditor({
  contact,
  canEdit,
}: {
  contact: ContactDetailDto;
  canEdit: boolean;
}) {
  const t = useTranslations("contacts.contact");
  const fields = useQuery(fieldsQuery);
  const patch = useContactPatch(contact.id);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const declared = new Set(fields.data?.map((f) => f.name));
  const undeclared = Object.entries(contact.fields).filter(([k]) => !declared.has(k));
  const errors: Record<string, string> = {};
  for (const f of fields.data ?? []) {
    const v = draft[f.name];
    if (v === undefined || v.trim() === "") continue;
    const checked = checkFieldValue(f.type, v);
    if (!checked.ok) errors[f.name] = checked.error;
  }
  const dirty = Object.keys(draft).some((k) => (draft[k] ?? "") !== (contact.fields[k] ?? ""));

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("fields")}</CardTitle>
      </CardHeader>
      <CardContent>
        {fields.data?.length === 0 && undeclared.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noFields")}</p>
        ) : null}
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const changed = Object.fromEntries(
              Object.entries(draft).map(([k, v]) => [k, v.trim() === "" ? null : v]),
            );
            patch.mutate({ fields: changed }, { onSuccess: () => setDraft({}) });
          }}
        >
          {fields.data?.map((f) => {
            const value = draft[f.name] ?? contact.fields[f.name] ?? "";
            const set = (v: string) => setDraft({ ...draft, [f.name]: v });
            const id = `field-${f.name}`;
            return (
              <div
                key={f.id}
                className="grid gap-1 sm:grid-cols-[7rem_minmax(0,1fr)] sm:items-center"
              >
                <label htmlFor={id} className="text-sm text-slate-600">
                  {f.label}
                </label>
                <div className="min-w-0">
                  {f.type === "boolean" ? (
                    <select
                      id={id}
                      disabled={!canEdit}
                      className={cn(fieldClass, "h-9")}
                      value={value}
                      onChange={(e) => set(e.target.value)}
                    >
                      <option value="">{t("notSet")}</option>
                      <option value="true">{t("yes")}</option>
                      <option value="false">{t("no")}</option>
                    </select>
                  ) : (
                    <Input
                      id={id}
                      disabled={!canEdit}
                      type={f.type === "date" ? "date" : "text"}
                      className="min-w-0"
                      inputMode={f.type === "number" ? "decimal" : undefined}
                      value={value}
                      aria-invalid={errors[f.name] ? true : undefined}
                      onChange={(e) => set(e.target.value)}
                    />
                  )}
                  {errors[f.name] ? (
                    <p className="mt-1 text-xs text-red-600" role="alert">
                      {errors[f.name]}
                    </p>
                  ) : null}
                </div>
              </div>
            );
          })}
          {undeclared.map(([k, v]) => (
            <div key={k} className="grid gap-1 sm:grid-cols-[7rem_minmax(0,1fr)] sm:items-center">
              <span className="font-mono text-xs text-slate-500" title={t("undeclared")}>
                {k}
              </span>
              <span className="text-sm text-slate-700">{v}</span>
            </div>
          ))}
          {canEdit && fields.data?.length ? (
            <div className="flex justify-end">
              <Button
                type="submit"
                loading={patch.isPending}
                disabled={!dirty || Object.keys(errors).length > 0}
              >
                {t("saveFields")}
              </Button>
            </div>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
