"use client";

import { MousePointerClick } from "lucide-react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { Skeleton } from "@/components/ui/skeleton";
import { useFlowEditor } from "./store";

/**
 * The settings form, its widgets and the variable picker load when a node is first selected,
 * not with the canvas: nothing of them shows until then (docs/performance.md).
 */
const NodeInspector = dynamic(() => import("./node-inspector").then((m) => m.NodeInspector), {
  loading: () => (
    <div className="space-y-3 p-4" aria-hidden>
      <Skeleton className="h-8 w-2/3" />
      <Skeleton className="h-20" />
      <Skeleton className="h-20" />
    </div>
  ),
});

/** Settings of the selected node. Subscribes to that node only, never to the whole document. */
export function Inspector({ readOnly }: { readOnly: boolean }) {
  const t = useTranslations("flows.editor.inspector");
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
  return <NodeInspector key={node.id} node={node} readOnly={readOnly} />;
}
