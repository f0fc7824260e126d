"use client";

import { Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { nodeCategories } from "@/lib/flow/defineNode";
import { nodeDefinitions } from "@/lib/flow/registry";
import { categoryStyle } from "./category-style";
import { useFlowLocale } from "./locale";
import { NodeIcon } from "./node-icon";

/** The drag payload from the palette to the canvas: the node type. */
export const paletteMime = "application/x-botshop-node";

/** Node types by category, searchable; drag one onto the canvas or click it to add it. */
export function NodePalette({
  onAdd,
  disabled,
}: {
  onAdd: (type: string) => void;
  disabled: boolean;
}) {
  const t = useTranslations("flows.editor.palette");
  const locale = useFlowLocale();
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    return nodeCategories
      .map((category) => ({
        category,
        items: nodeDefinitions.filter(
          (d) =>
            d.category === category &&
            (!q ||
              d.label[locale].toLowerCase().includes(q) ||
              d.description[locale].toLowerCase().includes(q) ||
              d.type.includes(q)),
        ),
      }))
      .filter((g) => g.items.length > 0);
  }, [query, locale]);

  return (
    <aside
      aria-label={t("label")}
      className="flex w-52 shrink-0 flex-col max-md:hidden border-r border-slate-200 bg-white"
    >
      <div className="border-b border-slate-100 p-3">
        <div className="relative">
          <Search
            className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400"
            aria-hidden
          />
          <Input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t("search")}
            aria-label={t("search")}
            className="pl-8"
          />
        </div>
        <p className="mt-2 text-xs text-slate-500">{t("hint")}</p>
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {groups.length === 0 ? (
          <p className="p-3 text-sm text-slate-500">{t("noMatch")}</p>
        ) : (
          groups.map(({ category, items }) => (
            <section key={category} className="mb-3">
              <h3 className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {t(`categories.${category}`)}
              </h3>
              <ul>
                {items.map((d) => (
                  <li key={d.type}>
                    <button
                      type="button"
                      disabled={disabled}
                      draggable={!disabled}
                      onDragStart={(e) => {
                        e.dataTransfer.setData(paletteMime, d.type);
                        e.dataTransfer.effectAllowed = "move";
                      }}
                      onClick={() => onAdd(d.type)}
                      title={d.description[locale]}
                      className="flex w-full cursor-grab items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm text-slate-800 hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-60"
                    >
                      <span
                        className={cn(
                          "flex size-6 shrink-0 items-center justify-center rounded",
                          categoryStyle[d.category],
                        )}
                      >
                        <NodeIcon name={d.icon} className="size-3.5" />
                      </span>
                      <span className="truncate">{d.label[locale]}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
      </div>
    </aside>
  );
}
