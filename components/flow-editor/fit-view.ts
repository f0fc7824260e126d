import { getNodesBounds, getViewportForBounds, type Node, type Viewport } from "@xyflow/react";

/**
 * How the flow is fitted into view. A template is ~7 columns wide: the default minimum zoom
 * (0.5) cut it off at both sides. A big flow is not zoomed out that far: at 0.35 a 1,000-node
 * flow puts ~3,700 elements on screen and dragging drops from 59 to 40 fps (docs/performance.md).
 */
export function fitViewOptions(nodeCount: number) {
  // Cards not measured yet count with their estimated size (card-geometry.ts).
  return {
    maxZoom: 1,
    minZoom: nodeCount > 150 ? 0.5 : 0.35,
    padding: 0.1,
    includeHiddenNodes: true,
  };
}

/**
 * The view React Flow's fitView would choose, worked out from the cards' estimated sizes
 * before any card renders. With `fitView` React Flow first rendered the cards at the origin
 * at zoom 1, measured them, fitted, then rendered and measured the cards in the fitted view:
 * two rounds before the first paint of a big flow (docs/performance.md).
 */
export function initialViewport(nodes: Node[], width: number, height: number): Viewport {
  if (!nodes.length || !width || !height) return { x: 0, y: 0, zoom: 1 };
  const fit = fitViewOptions(nodes.length);
  return getViewportForBounds(
    getNodesBounds(nodes),
    width,
    height,
    fit.minZoom,
    fit.maxZoom,
    fit.padding,
  );
}
