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
  collapsed = false,
}: {
  onAdd: (type: string) => void;
  disabled: boolean;
  /** An icon rail: every type still drags and clicks in, its name in the tooltip. */
  collapsed?: boolean;
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

  if (collapsed) {
    return (
      <aside
        aria-label={t("label")}
        className="flex w-12 shrink-0 flex-col overflow-y-auto border-r border-slate-200 bg-white py-2 max-md:hidden"
      >
        {nodeCategories.map((category) => (
          <ul
            key={category}
            className="flex flex-col items-center gap-0.5 border-b border-slate-100 py-1 last:border-0"
          >
            {nodeDefinitions
              .filter((d) => d.category === category)
              .map((d) => (
                <li key={d.type}>
                  <PaletteItem
                    type={d.type}
                    disabled={disabled}
                    onAdd={onAdd}
                    title={`${d.label[locale]}: ${d.description[locale]}`}
                    className="size-8 justify-center p-0"
                  >
                    <span
                      className={cn(
                        "flex size-7 items-center justify-center rounded",
                        categoryStyle[d.category],
                      )}
                    >
                      <NodeIcon name={d.icon} className="size-4" />
                    </span>
                    <span className="sr-only">{d.label[locale]}</span>
                  </PaletteItem>
                </li>
              ))}
          </ul>
        ))}
      </aside>
    );
  }

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
                    <PaletteItem
                      type={d.type}
                      disabled={disabled}
                      onAdd={onAdd}
                      title={d.description[locale]}
                      className="w-full px-2 py-1.5"
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
                    </PaletteItem>
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

function PaletteItem({
  type,
  disabled,
  onAdd,
  title,
  className,
  children,
}: {
  type: string;
  disabled: boolean;
  onAdd: (type: string) => void;
  title: string;
  className: string;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      disabled={disabled}
      draggable={!disabled}
      onDragStart={(e) => {
        e.dataTransfer.setData(paletteMime, type);
        e.dataTransfer.effectAllowed = "move";
      }}
      onClick={() => onAdd(type)}
      title={title}
      className={cn(
        "flex cursor-grab items-center gap-2 rounded-md text-left text-sm text-slate-800 hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-60",
        className,
      )}
    >
      {children}
    </button>
  );
}
