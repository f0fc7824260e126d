import dagre from "@dagrejs/dagre";
import type { FlowDocument } from "./document";

export interface Size {
  width: number;
  height: number;
}

/** A card's size before the canvas has measured it (the card is 240 px wide). */
const fallbackSize: Size = { width: 240, height: 120 };

/**
 * Arranges the nodes left to right along their edges (outcome handles sit on the right of a
 * card, the input on the left), keeping the layout's top-left where the flow's was so the view
 * does not jump. Returns only the positions; the document is not changed.
 */
export function autoLayout(
  document: FlowDocument,
  sizes: Readonly<Record<string, Size | undefined>> = {},
): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  if (!document.nodes.length) return positions;

  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90, edgesep: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of document.nodes) {
    const size = sizes[node.id] ?? fallbackSize;
    graph.setNode(node.id, { width: size.width, height: size.height });
  }
  const ids = new Set(document.nodes.map((n) => n.id));
  for (const edge of document.edges) {
    if (ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target)
      graph.setEdge(edge.source, edge.target, {}, edge.id);
  }
  dagre.layout(graph);

  const originX = Math.min(...document.nodes.map((n) => n.position.x));
  const originY = Math.min(...document.nodes.map((n) => n.position.y));
  let minX = Infinity;
  let minY = Infinity;
  const laidOut = document.nodes.map((node) => {
    const { x, y, width, height } = graph.node(node.id);
    // dagre gives centres; React Flow positions are top-left corners.
    const corner = { x: x - width / 2, y: y - height / 2 };
    minX = Math.min(minX, corner.x);
    minY = Math.min(minY, corner.y);
    return [node.id, corner] as const;
  });
  for (const [id, corner] of laidOut)
    positions.set(id, {
      x: Math.round(originX + corner.x - minX),
      y: Math.round(originY + corner.y - minY),
    });
  return positions;
}
