"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { SearchBox } from "@/components/ui/search-box";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { orderStatuses } from "@/lib/payments/orders/status";

export const periods = ["all", "today", "7d", "30d"] as const;
export type Period = (typeof periods)[number];
const providers = ["stars", "telegram", "stripe", "yookassa"] as const;
const modes = ["all", "live", "test"] as const;
const ALL = "all";

export interface FilterState {
  status: string;
  provider: string;
  period: Period;
  mode: string;
  q: string;
}

/** Status chips, provider, period and mode selects, and a search box. */
export function OrdersFilters({
  value,
  onChange,
}: {
  value: FilterState;
  onChange: (next: Partial<FilterState>) => void;
}) {
  const t = useTranslations("orders");
  const active = value.status || value.provider || value.period !== "all" || value.mode || value.q;

  return (
    <div
      className="space-y-3 border-b border-slate-100 p-4"
      role="search"
      aria-label={t("filters.label")}
    >
      <div className="flex flex-wrap gap-1.5" role="group" aria-label={t("columns.status")}>
        {["", ...orderStatuses].map((status) => {
          const selected = value.status === status;
          return (
            <button
              key={status || ALL}
              type="button"
              aria-pressed={selected}
              onClick={() => onChange({ status })}
              className={cn(
                "rounded-full border px-3 py-1 text-xs font-medium transition-colors",
                selected
                  ? "border-brand-600 bg-brand-600 text-white"
                  : "border-slate-200 bg-white text-slate-600 hover:border-slate-300 hover:text-slate-900",
              )}
            >
              {status ? t(`status.${status}`) : t("filters.allStatuses")}
            </button>
          );
        })}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox
          value={value.q}
          onSearch={(q) => onChange({ q })}
          label={t("filters.search")}
          placeholder={t("filters.searchPlaceholder")}
        />
        <Select
          value={value.provider || ALL}
          onValueChange={(v) => onChange({ provider: v === ALL ? "" : v })}
        >
          <SelectTrigger aria-label={t("filters.provider")} className="w-auto min-w-44">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>{t("filters.allProviders")}</SelectItem>
            {providers.map((p) => (
              <SelectItem key={p} value={p}>
                {t(`providers.${p}`)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={value.period} onValueChange={(v) => onChange({ period: v as Period })}>
          <SelectTrigger aria-label={t("filters.period")} className="w-auto min-w-36">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {periods.map((p) => (
              <SelectItem key={p} value={p}>
                {t(`filters.periods.${p}`)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select
          value={value.mode || ALL}
          onValueChange={(v) => onChange({ mode: v === ALL ? "" : v })}
        >
          <SelectTrigger aria-label={t("filters.mode")} className="w-auto min-w-44">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {modes.map((m) => (
              <SelectItem key={m} value={m}>
                {t(`filters.modes.${m}`)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {active ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onChange({ status: "", provider: "", period: "all", mode: "", q: "" })}
          >
            <X aria-hidden />
            {t("filters.reset")}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
