"use client";

import { Handle, Position, useUpdateNodeInternals, type Node, type NodeProps } from "@xyflow/react";
import { MessageCircle } from "lucide-react";
import { memo, useEffect, useMemo, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { nodeDefinition } from "@/lib/flow/registry";
import { categoryStyle } from "./category-style";
import { NodeFunnelFigures } from "./funnel-figures";
import { useFlowLocale } from "./locale";
import { NodeIcon } from "./node-icon";
import { useFlowEditor } from "./store";

export type FlowCanvasNode = Node<{ type: string; config: Record<string, unknown> }, "flow">;

/**
 * One card on the canvas. Reads its own problem count only, never the whole document.
 * Its layout is mirrored in card-geometry.ts (sizes before render): change both together;
 * e2e/card-geometry.spec.ts fails when they disagree.
 */
export const FlowNodeCard = memo(function FlowNodeCard({
  id,
  data,
  selected,
}: NodeProps<FlowCanvasNode>) {
  const locale = useFlowLocale();
  const definition = nodeDefinition(data.type);
  const count = useFlowEditor((s) => s.problemCounts[id]);
  const previewed = useFlowEditor((s) => s.previewOpen && s.previewNodeId === id);
  const outcomes = useMemo(
    () => definition?.outcomes(data.config) ?? [],
    [definition, data.config],
  );
  const summary = definition?.summary(data.config, locale) ?? "";
  const isTrigger = definition?.category === "trigger";

  // Handles follow the config (one per button): React Flow must re-measure them when they
  // change. Not on mount: React Flow measures new cards itself, and a call per card on a big
  // flow queues a full store update per card (two minutes for 1,000 nodes, bench/).
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = outcomes.map((o) => o.id).join("|");
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [id, handleKey, updateNodeInternals]);

  return (
    <div
      className={cn(
        // Not `relative`: handles, the funnel figures and the preview mark are placed against
        // React Flow's node wrapper, the card's border box (card-geometry.ts counts on it).
        "w-60 rounded-lg border bg-white text-left shadow-sm transition-shadow",
        selected ? "border-brand-500 ring-2 ring-brand-500/40" : "border-slate-200",
        count?.errors
          ? "ring-2 ring-red-500/70"
          : count?.warnings
            ? "ring-2 ring-amber-400/80"
            : null,
        // An outline, not a ring: it shows alongside the selection and problem rings.
        previewed && "outline-3 outline-offset-4 outline-emerald-500",
      )}
      data-preview-current={previewed || undefined}
    >
      <NodeFunnelFigures nodeId={id} />
      {previewed ? (
        <span className="absolute -top-3.5 -right-3.5 flex size-6 items-center justify-center rounded-full bg-emerald-500 text-white shadow">
          <MessageCircle className="size-3.5" aria-hidden />
        </span>
      ) : null}
      {!isTrigger ? (
        <Handle
          type="target"
          position={Position.Left}
          className="!size-3 !border-2 !border-white !bg-slate-400"
        />
      ) : null}
      <div className="flex items-center gap-2 px-3 pt-2.5">
        <span
          className={cn(
            "flex size-7 shrink-0 items-center justify-center rounded-md",
            definition ? categoryStyle[definition.category] : "bg-red-50 text-red-700",
          )}
        >
          <NodeIcon name={definition?.icon} className="size-4" />
        </span>
        <span className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-900">
          {definition ? definition.label[locale] : data.type}
        </span>
        {count?.errors || count?.warnings ? (
          <span
            className={cn(
              "rounded-full px-1.5 text-xs font-semibold text-white",
              count.errors ? "bg-red-500" : "bg-amber-500",
            )}
          >
            {count.errors || count.warnings}
          </span>
        ) : null}
      </div>
      <p className="line-clamp-2 min-h-5 px-3 pt-1 pb-2 text-xs break-words text-slate-600">
        {summary}
      </p>
      {outcomes.length ? (
        <ul className="border-t border-slate-100 py-1">
          {outcomes.map((outcome) => (
            <li
              key={outcome.id}
              className="relative py-0.5 pr-4 pl-3 text-right text-xs text-slate-500"
            >
              {/* Truncated inside, not on the row: that would clip the handle in half. */}
              <span className="block truncate">{outcome.label[locale]}</span>
              <Handle
                type="source"
                id={outcome.id}
                position={Position.Right}
                className="!size-3 !border-2 !border-white !bg-brand-500"
              />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
});
