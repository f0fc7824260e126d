"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { fieldClass } from "@/components/ui/input";
import { formatMoney } from "@/lib/money/currency";
import { productsQuery, type ProductDto } from "./queries";

interface ControlAria {
  id: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  "aria-required"?: boolean;
}

type PickerProps =
  | { multiple?: false; value: string; onValue: (id: string) => void }
  | { multiple: true; value: readonly string[]; onValue: (ids: string[]) => void };

/**
 * Picks products of the workspace that are on sale, for the flow editor's `widget: "product"`
 * fields: one (`productId`) in a select, or several (`productIds`) as checkboxes where none
 * means all. A chosen product that was archived or deleted stays visible as such.
 */
export function ProductPicker({
  aria,
  disabled,
  ...props
}: PickerProps & { aria: ControlAria; disabled?: boolean }) {
  const t = useTranslations("products.picker");
  const locale = useLocale();
  const products = useQuery(productsQuery({ status: "active" }));
  const label = (p: ProductDto) => `${p.title} · ${formatMoney(p.priceMinor, p.currency, locale)}`;

  if (products.isPending) {
    return (
      <select {...aria} disabled className={cn(fieldClass, "h-9 pr-8")}>
        <option>{t("loading")}</option>
      </select>
    );
  }
  if (products.isError) {
    return (
      <p {...aria} className="text-sm text-red-600">
        {t("failed")}
      </p>
    );
  }
  const list = products.data;
  const createLink = (
    <a
      href="/products"
      target="_blank"
      rel="noreferrer"
      className="inline-flex items-center gap-1 text-sm font-medium text-brand-600 hover:underline"
    >
      <Plus className="size-3.5" aria-hidden />
      {t("create")}
    </a>
  );
  if (list.length === 0 && (props.multiple ? props.value.length === 0 : !props.value)) {
    return (
      <div
        {...aria}
        className="rounded-md border border-dashed border-slate-300 p-3 text-sm text-slate-600"
      >
        <p>{t("none")}</p>
        <div className="mt-1">{createLink}</div>
      </div>
    );
  }

  if (!props.multiple) {
    const known = list.some((p) => p.id === props.value);
    return (
      <select
        {...aria}
        className={cn(fieldClass, "h-9 pr-8")}
        value={props.value}
        disabled={disabled}
        onChange={(e) => props.onValue(e.target.value)}
      >
        <option value="">{t("placeholder")}</option>
        {props.value && !known ? <option value={props.value}>{t("missing")}</option> : null}
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {label(p)}
          </option>
        ))}
      </select>
    );
  }

  const chosen = new Set(props.value);
  const missing = props.value.filter((id) => !list.some((p) => p.id === id));
  const toggle = (id: string, on: boolean) =>
    props.onValue(on ? [...props.value, id] : props.value.filter((v) => v !== id));
  return (
    <fieldset {...aria} className="space-y-2" disabled={disabled}>
      <p className="text-xs text-slate-500">
        {chosen.size === 0 ? t("all") : t("selectedCount", { count: chosen.size })}
      </p>
      <ul className="max-h-56 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
        {list.map((p) => (
          <li key={p.id}>
            <label className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300 accent-brand-600"
                checked={chosen.has(p.id)}
                onChange={(e) => toggle(p.id, e.target.checked)}
              />
              <span className="min-w-0 truncate">{label(p)}</span>
            </label>
          </li>
        ))}
        {missing.map((id) => (
          <li key={id}>
            <label className="flex items-center gap-2 rounded px-1 py-1 text-sm text-slate-500">
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300 accent-brand-600"
                checked
                onChange={() => toggle(id, false)}
              />
              <span>{t("missing")}</span>
            </label>
          </li>
        ))}
      </ul>
      {createLink}
    </fieldset>
  );
}
