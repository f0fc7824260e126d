"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, SlidersHorizontal, Trash2, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { botsQuery } from "@/components/bots/queries";
import { Button } from "@/components/ui/button";
import { Input, fieldClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { SearchBox } from "@/components/ui/search-box";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import type { SegmentFilter } from "@/lib/contacts/segment-filter";
import { fieldsQuery } from "./queries";

const ALL = "all";
type FieldCondition = NonNullable<SegmentFilter["fields"]>[number];
const fieldOps = ["equals", "not_equals", "contains", "set", "not_set"] as const;

/** "active7" → activeWithinDays 7; "inactive30" → inactiveForDays 30. */
const activities = ["active7", "active30", "inactive30", "inactive90"] as const;

function activityOf(f: SegmentFilter): string {
  if (f.activeWithinDays) return `active${f.activeWithinDays}`;
  if (f.inactiveForDays) return `inactive${f.inactiveForDays}`;
  return ALL;
}

const triOf = (v: boolean | undefined) => (v === undefined ? ALL : v ? "yes" : "no");
const fromTri = (v: string) => (v === ALL ? undefined : v === "yes");

const tagsText = (tags: string[] | undefined) => (tags ?? []).join(", ");
const tagsOf = (text: string) =>
  text
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter(Boolean);

/** Everything the segment filter can say, as controls: a main row and a "more" panel. */
export function ContactsFilters({
  value,
  onChange,
}: {
  value: SegmentFilter;
  onChange: (next: SegmentFilter) => void;
}) {
  const t = useTranslations("contacts.filters");
  const bots = useQuery(botsQuery);
  const fields = useQuery(fieldsQuery);
  const advanced = [
    value.tagsAll?.length,
    value.tagsAny?.length,
    value.tagsNone?.length,
    value.languages?.length,
    value.blocked !== undefined,
    value.test !== undefined,
    value.linked !== undefined,
    value.fields?.length,
  ].filter(Boolean).length;
  const [more, setMore] = useState(advanced > 0);
  const set = (patch: Partial<SegmentFilter>) => onChange({ ...value, ...patch });
  const anything = Object.keys(value).length > 0;

  return (
    <div className="space-y-3 border-b border-slate-100 p-4" role="search" aria-label={t("label")}>
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox
          value={value.search ?? ""}
          onSearch={(search) => set({ search: search || undefined })}
          label={t("search")}
          placeholder={t("searchPlaceholder")}
        />
        {(bots.data?.length ?? 0) > 1 ? (
          <Select
            value={value.botId ?? ALL}
            onValueChange={(v) => set({ botId: v === ALL ? undefined : v })}
          >
            <SelectTrigger aria-label={t("bot")} className="w-auto min-w-36">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>{t("allBots")}</SelectItem>
              {bots.data?.map((b) => (
                <SelectItem key={b.id} value={b.id}>
                  {b.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        ) : null}
        <Select
          value={activityOf(value)}
          onValueChange={(v) => {
            const m = /^(active|inactive)(\d+)$/.exec(v);
            set({
              activeWithinDays: m?.[1] === "active" ? Number(m[2]) : undefined,
              inactiveForDays: m?.[1] === "inactive" ? Number(m[2]) : undefined,
            });
          }}
        >
          <SelectTrigger aria-label={t("activity")} className="w-auto min-w-40">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>{t("anyActivity")}</SelectItem>
            {activities.map((a) => (
              <SelectItem key={a} value={a}>
                {t(`activities.${a}`)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select
          value={triOf(value.purchased)}
          onValueChange={(v) => set({ purchased: fromTri(v) })}
        >
          <SelectTrigger aria-label={t("purchased")} className="w-auto min-w-36">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>{t("anyPurchases")}</SelectItem>
            <SelectItem value="yes">{t("bought")}</SelectItem>
            <SelectItem value="no">{t("neverBought")}</SelectItem>
          </SelectContent>
        </Select>
        <Button
          variant={more ? "secondary" : "ghost"}
          onClick={() => setMore(!more)}
          aria-expanded={more}
        >
          <SlidersHorizontal aria-hidden />
          {t("more")}
          {advanced ? (
            <span className="rounded-full bg-brand-600 px-1.5 text-xs text-white">{advanced}</span>
          ) : null}
        </Button>
        {anything ? (
          <Button variant="ghost" onClick={() => onChange({})}>
            <X aria-hidden />
            {t("clear")}
          </Button>
        ) : null}
      </div>

      {more ? (
        <div className="grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-2 lg:grid-cols-3">
          {(["tagsAny", "tagsAll", "tagsNone"] as const).map((key) => (
            <label key={key} className="flex flex-col gap-1 text-xs font-medium text-slate-600">
              {t(key)}
              <Input
                key={tagsText(value[key])}
                defaultValue={tagsText(value[key])}
                placeholder={t("tagsPlaceholder")}
                onBlur={(e) => {
                  const tags = tagsOf(e.target.value);
                  if (tagsText(tags) !== tagsText(value[key]))
                    set({ [key]: tags.length ? tags : undefined });
                }}
              />
            </label>
          ))}
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
            {t("languages")}
            <Input
              key={tagsText(value.languages)}
              defaultValue={tagsText(value.languages)}
              placeholder="ru, en"
              onBlur={(e) => {
                const langs = tagsOf(e.target.value).filter((l) => l.length >= 2);
                if (tagsText(langs) !== tagsText(value.languages))
                  set({ languages: langs.length ? langs : undefined });
              }}
            />
          </label>
          {(["blocked", "test", "linked"] as const).map((key) => (
            <label key={key} className="flex flex-col gap-1 text-xs font-medium text-slate-600">
              {t(key)}
              <select
                className={cn(fieldClass, "h-9")}
                value={triOf(value[key])}
                onChange={(e) => set({ [key]: fromTri(e.target.value) })}
              >
                <option value={ALL}>{t("any")}</option>
                <option value="yes">{t(`${key}Yes`)}</option>
                <option value="no">{t(`${key}No`)}</option>
              </select>
            </label>
          ))}
          <div className="space-y-2 sm:col-span-2 lg:col-span-3">
            <p className="text-xs font-medium text-slate-600">{t("fields")}</p>
            {(value.fields ?? []).map((cond, i) => (
              <FieldConditionRow
                key={i}
                value={cond}
                names={fields.data?.map((f) => ({ name: f.name, label: f.label })) ?? []}
                onChange={(next) => {
                  const list = [...(value.fields ?? [])];
                  if (next) list[i] = next;
                  else list.splice(i, 1);
                  set({ fields: list.length ? list : undefined });
                }}
              />
            ))}
            <Button
              variant="secondary"
              size="sm"
              disabled={!fields.data?.length}
              title={fields.data?.length ? undefined : t("noFields")}
              onClick={() =>
                set({
                  fields: [
                    ...(value.fields ?? []),
                    { name: fields.data![0]!.name, op: "set", value: "" },
                  ],
                })
              }
            >
              <Plus aria-hidden />
              {t("addCondition")}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function FieldConditionRow({
  value,
  names,
  onChange,
}: {
  value: FieldCondition;
  names: { name: string; label: string }[];
  onChange: (next: FieldCondition | null) => void;
}) {
  const t = useTranslations("contacts.filters");
  const needsValue = value.op !== "set" && value.op !== "not_set";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label={t("field")}
        className={cn(fieldClass, "h-9 w-auto")}
        value={value.name}
        onChange={(e) => onChange({ ...value, name: e.target.value })}
      >
        {names.map((n) => (
          <option key={n.name} value={n.name}>
            {n.label}
          </option>
        ))}
      </select>
      <select
        aria-label={t("op")}
        className={cn(fieldClass, "h-9 w-auto")}
        value={value.op}
        onChange={(e) => onChange({ ...value, op: e.target.value as FieldCondition["op"] })}
      >
        {fieldOps.map((op) => (
          <option key={op} value={op}>
            {t(`ops.${op}`)}
          </option>
        ))}
      </select>
      {needsValue ? (
        <Input
          aria-label={t("value")}
          className="w-48"
          defaultValue={value.value ?? ""}
          onBlur={(e) =>
            e.target.value !== value.value && onChange({ ...value, value: e.target.value })
          }
        />
      ) : null}
      <Button
        variant="ghost"
        size="icon"
        aria-label={t("removeCondition")}
        onClick={() => onChange(null)}
      >
        <Trash2 aria-hidden />
      </Button>
    </div>
  );
}
