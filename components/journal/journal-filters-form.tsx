"use client";

import { ChevronDown, Filter, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { isUuid, type JournalFilters } from "./filters";

/** Radix Select cannot hold an empty value, so "every kind" has a name of its own. */
const ALL = "__all__";

export function JournalFiltersForm({
  value,
  kinds,
  onApply,
}: {
  value: JournalFilters;
  kinds: string[];
  onApply: (filters: JournalFilters) => void;
}) {
  const t = useTranslations("journal.filters");
  const [draft, setDraft] = useState<JournalFilters>(value);
  const [errors, setErrors] = useState<Partial<Record<keyof JournalFilters, string>>>({});
  const [synced, setSynced] = useState(value);
  // On phones the five fields fold away behind a toggle; wider screens always show them.
  const [open, setOpen] = useState(false);
  // Back/forward changes the URL under the form: follow it.
  if (synced !== value) {
    setSynced(value);
    setDraft(value);
    setErrors({});
  }
  const kindOptions = draft.kind && !kinds.includes(draft.kind) ? [draft.kind, ...kinds] : kinds;
  const activeCount = Object.values(value).filter(Boolean).length;
  const active = activeCount > 0;

  function set<K extends keyof JournalFilters>(key: K, v: string) {
    setDraft((d) => ({ ...d, [key]: v || undefined }));
  }

  function apply(e: React.FormEvent) {
    e.preventDefault();
    const next: typeof errors = {};
    for (const key of ["contactId", "orderId"] as const) {
      const v = draft[key]?.trim();
      if (v && !isUuid(v)) next[key] = t("invalidId");
    }
    if (draft.from && draft.to && draft.from > draft.to) next.to = t("toBeforeFrom");
    setErrors(next);
    if (Object.keys(next).length) return;
    onApply({
      ...draft,
      contactId: draft.contactId?.trim() || undefined,
      orderId: draft.orderId?.trim() || undefined,
    });
  }

  return (
    <form onSubmit={apply} noValidate aria-label={t("label")}>
      <button
        type="button"
        className="flex w-full items-center justify-between text-sm font-medium text-slate-900 sm:hidden"
        aria-expanded={open}
        aria-controls="journal-filter-fields"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="flex items-center gap-2">
          <Filter className="size-4 text-slate-500" aria-hidden />
          {active ? t("toggleActive", { count: activeCount }) : t("toggle")}
        </span>
        <ChevronDown
          className={cn("size-4 text-slate-500 transition-transform", open && "rotate-180")}
          aria-hidden
        />
      </button>
      <div id="journal-filter-fields" className={cn("max-sm:mt-4", !open && "max-sm:hidden")}>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          <Field id="journal-kind" label={t("kind")}>
            {(control) => (
              <Select
                value={draft.kind ?? ALL}
                onValueChange={(v) => set("kind", v === ALL ? "" : v)}
              >
                <SelectTrigger {...control}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ALL}>{t("allKinds")}</SelectItem>
                  {kindOptions.map((kind) => (
                    <SelectItem key={kind} value={kind} className="font-mono text-xs">
                      {kind}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </Field>
          <Field id="journal-from" label={t("from")} error={errors.from}>
            {(control) => (
              <Input
                {...control}
                type="date"
                value={draft.from ?? ""}
                max={draft.to}
                onChange={(e) => set("from", e.target.value)}
              />
            )}
          </Field>
          <Field id="journal-to" label={t("to")} error={errors.to}>
            {(control) => (
              <Input
                {...control}
                type="date"
                value={draft.to ?? ""}
                min={draft.from}
                onChange={(e) => set("to", e.target.value)}
              />
            )}
          </Field>
          <Field id="journal-contact" label={t("contactId")} error={errors.contactId}>
            {(control) => (
              <Input
                {...control}
                value={draft.contactId ?? ""}
                placeholder={t("idPlaceholder")}
                spellCheck={false}
                className="font-mono text-xs"
                onChange={(e) => set("contactId", e.target.value)}
              />
            )}
          </Field>
          <Field id="journal-order" label={t("orderId")} error={errors.orderId}>
            {(control) => (
              <Input
                {...control}
                value={draft.orderId ?? ""}
                placeholder={t("idPlaceholder")}
                spellCheck={false}
                className="font-mono text-xs"
                onChange={(e) => set("orderId", e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="mt-4 flex flex-wrap gap-2">
          <Button type="submit" size="sm">
            <Filter aria-hidden />
            {t("apply")}
          </Button>
          {active ? (
            <Button type="button" size="sm" variant="ghost" onClick={() => onApply({})}>
              <X aria-hidden />
              {t("clear")}
            </Button>
          ) : null}
        </div>
      </div>
    </form>
  );
}
