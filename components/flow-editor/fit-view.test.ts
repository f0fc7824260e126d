import { describe, expect, it } from "vitest";
import { generateLargeFlow } from "@/lib/flow/generate-large";
import { buildFlowTemplate, flowTemplateIds } from "@/lib/flow/templates";
import type { FlowDocument } from "@/lib/flow/document";
import { estimateCardGeometry } from "./card-geometry";
import { initialViewport } from "./fit-view";

const canvas = { width: 960, height: 746 };

/** The cards as the canvas first hands them to React Flow: position and estimated size. */
function cards(doc: FlowDocument) {
  return doc.nodes.map((n) => {
    const g = estimateCardGeometry(n.type, n.config, "en");
    return {
      id: n.id,
      data: {},
      position: n.position,
      initialWidth: g.width,
      initialHeight: g.height,
    };
  });
}

function onScreen(doc: FlowDocument) {
  const view = initialViewport(cards(doc), canvas.width, canvas.height);
  return cards(doc).filter((c) => {
    const left = c.position.x * view.zoom + view.x;
    const top = c.position.y * view.zoom + view.y;
    const right = left + c.initialWidth * view.zoom;
    const bottom = top + c.initialHeight * view.zoom;
    return left >= 0 && top >= 0 && right <= canvas.width && bottom <= canvas.height;
  }).length;
}

describe("initialViewport", () => {
  it("shows every card of every template", () => {
    for (const id of flowTemplateIds) {
      const doc = buildFlowTemplate(id, "en");
      expect(onScreen(doc), id).toBe(doc.nodes.length);
    }
  });

  it("zooms a big flow out no further than 0.5, centred on it", () => {
    const doc = generateLargeFlow({ nodes: 1000 });
    const view = initialViewport(cards(doc), canvas.width, canvas.height);
    expect(view.zoom).toBe(0.5);
    expect(onScreen(doc)).toBeGreaterThan(20);
    expect(onScreen(doc)).toBeLessThan(200);
  });

  it("leaves an empty flow at the origin, unzoomed", () => {
    expect(initialViewport([], canvas.width, canvas.height)).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
