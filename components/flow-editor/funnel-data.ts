"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter } from "next-intl";
import { createContext, useCallback, useContext, useMemo } from "react";
import type { z } from "zod";
import { api } from "@/components/api/request";
import { getFlowFunnel, type flowFunnelSchema } from "@/lib/api/contracts/flows";

export type FunnelDto = z.infer<typeof flowFunnelSchema>;
export type FunnelNodeFigures = FunnelDto["nodes"][number];

/** What the canvas draws while the funnel is on: one version's figures, by node and edge id. */
export interface FunnelView {
  n: number;
  nodes: ReadonlyMap<string, FunnelNodeFigures>;
  edges: ReadonlyMap<string, number>;
}

/**
 * The figures cards and edges show; null while the funnel is off, loading, or has nothing to
 * show (no published version, nobody reached it yet). A context rather than node data: a card
 * reads its own figures without the document's nodes being rebuilt.
 */
export const FunnelContext = createContext<FunnelView | null>(null);

export function useFunnelView(): FunnelView | null {
  return useContext(FunnelContext);
}

/** The funnel of version `n` (null: the newest published), fetched while `enabled`. */
export function useFunnel(flowId: string, n: number | null, enabled: boolean) {
  const query = useQuery({
    queryKey: ["flow", flowId, "funnel", n ?? "newest"],
    queryFn: ({ signal }) =>
      api.get<FunnelDto>(
        getFlowFunnel.path.replace("{id}", encodeURIComponent(flowId)),
        { version: n },
        signal,
      ),
    enabled,
    // Figures move as buyers talk to the bot: fresh when reopened, not on every focus.
    staleTime: 30_000,
    refetchOnWindowFocus: false,
  });
  const data = query.data;
  const view = useMemo<FunnelView | null>(() => {
    if (!data?.version || data.contacts === 0) return null;
    return {
      n: data.version.n,
      nodes: new Map(data.nodes.map((node) => [node.nodeId, node])),
      edges: new Map(data.edges.map((edge) => [edge.edgeId, edge.count])),
    };
  }, [data]);
  return { query, view };
}

/**
 * A funnel count as the canvas shows it on cards and edges: exact below 10,000, compact above
 * ("1.2M"), so a label stays on its own card or edge.
 */
export function useFunnelCount(): (n: number) => string {
  const format = useFormatter();
  return useCallback(
    (n: number) =>
      n >= 10_000
        ? format.number(n, { notation: "compact", maximumFractionDigits: 1 })
        : format.number(n),
    [format],
  );
}
