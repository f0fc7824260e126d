"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronRight, GitCompareArrows, RotateCcw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";
import {
  getFlowVersion,
  type flowVersionChangesSchema,
  type flowVersionSchema,
} from "@/lib/api/contracts/flows";
import type { FlowDocument } from "@/lib/flow/document";
import { diffFlows } from "@/lib/flow/diff";
import { nodeDefinition } from "@/lib/flow/registry";
import { useFlowLocale } from "./locale";
import { NodeIcon } from "./node-icon";
import { useFlowEditor } from "./store";
import { useFocusNode } from "./use-focus-node";

export type FlowVersionDto = z.infer<typeof flowVersionSchema>;
type Counts = Omit<z.infer<typeof flowVersionChangesSchema>, "nodes">;
type ChangedNode = z.infer<typeof flowVersionChangesSchema>["nodes"][number];

const changeTone = { added: "success", changed: "warning", removed: "danger" } as const;

/** "+2 added, 1 changed, 1 removed" in the user's language; only the counts that are not zero. */
function useSummary() {
  const t = useTranslations("flows.editor.versions");
  return (c: Counts) => {
    const parts = [
      c.nodesAdded ? t("added", { count: c.nodesAdded }) : null,
      c.nodesChanged ? t("changed", { count: c.nodesChanged }) : null,
      c.nodesRemoved ? t("removed", { count: c.nodesRemoved }) : null,
      c.edgesChanged ? t("connections", { count: c.edgesChanged }) : null,
    ].filter((p) => p !== null);
    return parts.length ? parts.join(", ") : t("noChanges");
  };
}

/** One published version: when, by whom, what it changed (expandable), and restore. */
export function VersionEntry({
  flowId,
  version,
  live,
  onRestore,
  onFocusNode,
}: {
  flowId: string;
  version: FlowVersionDto;
  /** The newest version: the one the bot runs. */
  live: boolean;
  onRestore: () => void;
  onFocusNode: () => void;
}) {
  const t = useTranslations("flows.editor.versions");
  const dates = useDateFormat();
  const summary = useSummary();
  const [open, setOpen] = useState(false);
  const [comparing, setComparing] = useState(false);
  const { changes } = version;
  const listId = `version-${version.n}-changes`;
  const more = changes
    ? changes.nodesAdded + changes.nodesChanged + changes.nodesRemoved - changes.nodes.length
    : 0;

  return (
    <li className="rounded-md border border-slate-200 bg-white">
      <div className="flex items-start gap-2 p-3">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen(!open)}
          className="-m-1 flex min-w-0 flex-1 items-start gap-2 rounded-md p-1 text-left hover:bg-slate-50"
        >
          <ChevronRight
            className={cn(
              "mt-0.5 size-4 shrink-0 text-slate-400 transition-transform",
              open && "rotate-90",
            )}
            aria-hidden
          />
          <span className="min-w-0">
            <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className="font-semibold text-slate-900">v{version.n}</span>
              {live ? <Badge tone="success">{t("live")}</Badge> : null}
              <span className="text-xs text-slate-500">{dates.dateTime(version.publishedAt)}</span>
            </span>
            <span className="mt-0.5 block text-sm text-slate-700">
              {changes ? summary(changes) : t("noSummary")}
            </span>
            {version.publisher ? (
              <span
                className="block truncate text-xs text-slate-500"
                title={version.publisher.email}
              >
                {t("by", { name: version.publisher.name || version.publisher.email })}
              </span>
            ) : null}
          </span>
        </button>
        <Button variant="ghost" size="sm" onClick={onRestore}>
          <RotateCcw aria-hidden />
          {t("restore")}
        </Button>
      </div>
      {open ? (
        <div id={listId} className="border-t border-slate-100 px-3 pt-2 pb-3">
          {changes?.nodes.length ? (
            <ul className="space-y-0.5">
              {changes.nodes.map((node) => (
                <ChangedNodeRow
                  key={`${node.change}-${node.nodeId}`}
                  node={node}
                  onFocused={onFocusNode}
                />
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">{t("noNodeChanges")}</p>
          )}
          {more > 0 ? (
            <p className="mt-1 px-2 text-xs text-slate-500">{t("more", { count: more })}</p>
          ) : null}
          <div className="mt-2">
            {comparing ? (
              <DraftComparison flowId={flowId} n={version.n} />
            ) : (
              <Button variant="link" size="sm" onClick={() => setComparing(true)}>
                <GitCompareArrows aria-hidden />
                {t("compare")}
              </Button>
            )}
          </div>
        </div>
      ) : null}
    </li>
  );
}

/** A changed node; one that is still in the draft can be clicked to find it on the canvas. */
function ChangedNodeRow({ node, onFocused }: { node: ChangedNode; onFocused: () => void }) {
  const t = useTranslations("flows.editor.versions");
  const locale = useFlowLocale();
  const focusNode = useFocusNode();
  const definition = nodeDefinition(node.type);
  const inDraft = useFlowEditor((s) => s.history.present.nodes.some((n) => n.id === node.nodeId));

  function focus() {
    if (focusNode(node.nodeId)) onFocused();
  }

  return (
    <li>
      <button
        type="button"
        onClick={focus}
        disabled={!inDraft}
        title={inDraft ? t("showNode") : undefined}
        className="flex w-full items-center gap-2 rounded-md px-2 py-1 text-left text-sm hover:bg-slate-100 disabled:hover:bg-transparent"
      >
        <NodeIcon name={definition?.icon} className="size-4 shrink-0 text-slate-500" />
        <span className="min-w-0 flex-1 truncate text-slate-700">
          {definition?.label[locale] ?? node.type}
          <span className="ml-1.5 font-mono text-xs text-slate-400">{node.nodeId}</span>
        </span>
        <Badge tone={changeTone[node.change]}>{t(`change.${node.change}`)}</Badge>
      </button>
    </li>
  );
}

/** How the current draft differs from this version, computed in the browser. */
function DraftComparison({ flowId, n }: { flowId: string; n: number }) {
  const t = useTranslations("flows.editor.versions");
  const summary = useSummary();
  const draft = useFlowEditor((s) => s.history.present);
  const version = useQuery({
    // Not under ["flow", id, "versions"], which publishing invalidates: a version never changes.
    queryKey: ["flow", flowId, "version", n],
    staleTime: Infinity,
    queryFn: ({ signal }) =>
      api.get<{ document: FlowDocument }>(
        getFlowVersion.path.replace("{id}", encodeURIComponent(flowId)).replace("{n}", String(n)),
        undefined,
        signal,
      ),
  });
  if (version.isError) return <p className="text-sm text-red-600">{t("compareFailed")}</p>;
  if (!version.data) return <Skeleton className="h-4 w-2/3" />;
  const diff = diffFlows(version.data.document, draft);
  return (
    <p className="text-sm text-slate-700">
      <span className="font-medium">{t("draftVs", { n })}</span>{" "}
      {summary({
        nodesAdded: diff.nodesAdded.length,
        nodesRemoved: diff.nodesRemoved.length,
        nodesChanged: diff.nodesChanged.length,
        edgesChanged: diff.edgesAdded.length + diff.edgesRemoved.length + diff.edgesChanged.length,
      })}
    </p>
  );
}
