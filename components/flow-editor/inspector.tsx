"use client";

import { MousePointerClick } from "lucide-react";
import { useTranslations } from "next-intl";
import { nodeDefinition } from "@/lib/flow/registry";
import { categoryStyle } from "./category-style";
import { cn } from "@/components/ui/cn";
import { useFlowLocale } from "./locale";
import { NodeIcon } from "./node-icon";
import { useFlowEditor } from "./store";

/** Settings of the selected node. Subscribes to that node only, never to the whole document. */
export function Inspector({ readOnly }: { readOnly: boolean }) {
  const t = useTranslations("flows.editor.inspector");
  const locale = useFlowLocale();
  const node = useFlowEditor((s) =>
    s.selectedNodeIds.length === 1
      ? s.history.present.nodes.find((n) => n.id === s.selectedNodeIds[0])
      : undefined,
  );
  if (!node) {
    return (
      <div className="flex flex-col items-center px-6 py-10 text-center text-sm text-slate-500">
        <MousePointerClick className="mb-2 size-6 text-slate-400" aria-hidden />
        {t("empty")}
      </div>
    );
  }
  const definition = nodeDefinition(node.type);
  return (
    <div className="p-4">
      <div className="mb-3 flex items-center gap-2">
        <span
          className={cn(
            "flex size-8 items-center justify-center rounded-md",
            definition ? categoryStyle[definition.category] : "bg-red-50 text-red-700",
          )}
        >
          <NodeIcon name={definition?.icon} className="size-4" />
        </span>
        <div className="min-w-0">
          <h2 className="truncate font-semibold text-slate-900">
            {definition?.label[locale] ?? node.type}
          </h2>
          <p className="text-xs text-slate-500">{definition?.description[locale]}</p>
        </div>
      </div>
      {readOnly ? <p className="text-xs text-slate-500">{t("readOnly")}</p> : null}
    </div>
  );
}
