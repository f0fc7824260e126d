import { z } from "zod";
import { flowEdgeSchema, flowNodeSchema, type FlowDocument, type FlowNode } from "./document";

/**
 * A piece of a flow on the clipboard: the chosen nodes and the edges between them. Plain JSON
 * with a marker, so it travels through the system clipboard between tabs and flows.
 */
export const flowFragmentSchema = z.object({
  kind: z.literal("botshop/flow-fragment"),
  version: z.literal(1),
  nodes: z.array(flowNodeSchema).min(1).max(2000),
  edges: z.array(flowEdgeSchema).max(5000),
});

export type FlowFragment = z.infer<typeof flowFragmentSchema>;

/** The selected nodes with the edges that stay inside the selection; null when none is selected. */
export function copyFragment(
  document: FlowDocument,
  nodeIds: Iterable<string>,
): FlowFragment | null {
  const ids = new Set(nodeIds);
  const nodes = document.nodes.filter((n) => ids.has(n.id));
  if (!nodes.length) return null;
  const edges = document.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { kind: "botshop/flow-fragment", version: 1, nodes, edges };
}

/** Reads clipboard text; anything that is not a fragment (plain text, other apps) is null. */
export function readFragment(text: string): FlowFragment | null {
  if (!text.includes("botshop/flow-fragment")) return null;
  try {
    const parsed = flowFragmentSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Adds a fragment's nodes and inner edges to a document under fresh ids, placed so that its
 * top-left corner lands at `at` (or offset from where it was copied). Returns the new ids.
 */
export function pasteFragment(
  document: FlowDocument,
  fragment: FlowFragment,
  at: { x: number; y: number },
  newId: (prefix: string) => string,
): { document: FlowDocument; nodeIds: string[] } {
  const left = Math.min(...fragment.nodes.map((n) => n.position.x));
  const top = Math.min(...fragment.nodes.map((n) => n.position.y));
  const ids = new Map<string, string>();
  const nodes: FlowNode[] = fragment.nodes.map((node) => {
    const id = newId(node.type.replace(/\W/g, "-"));
    ids.set(node.id, id);
    return {
      ...node,
      id,
      position: {
        x: Math.round(at.x + node.position.x - left),
        y: Math.round(at.y + node.position.y - top),
      },
      config: structuredClone(node.config),
    };
  });
  const edges = fragment.edges.flatMap((edge) => {
    const source = ids.get(edge.source);
    const target = ids.get(edge.target);
    return source && target ? [{ ...edge, id: newId("e"), source, target }] : [];
  });
  return {
    document: {
      ...document,
      nodes: [...document.nodes, ...nodes],
      edges: [...document.edges, ...edges],
    },
    nodeIds: nodes.map((n) => n.id),
  };
}
