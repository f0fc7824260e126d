import { describe, expect, it } from "vitest";
import type { FlowDocument } from "./document";
import { autoLayout } from "./layout";
import { flowTemplates } from "./templates";

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }) {
  return Math.abs(a.x - b.x) < 240 && Math.abs(a.y - b.y) < 120;
}

describe("autoLayout", () => {
  it("lays every template out left to right without overlapping cards", () => {
    for (const template of flowTemplates) {
      const document = template.build("en");
      // Scramble the positions first: the layout must not depend on them.
      const scrambled: FlowDocument = {
        ...document,
        nodes: document.nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 3 } })),
      };
      const positions = autoLayout(scrambled);
      expect(positions.size).toBe(document.nodes.length);
      const all = [...positions.values()];
      all.forEach((p, i) => all.slice(i + 1).forEach((q) => expect(overlaps(p, q)).toBe(false)));
      for (const edge of document.edges) {
        const from = positions.get(edge.source)!;
        const to = positions.get(edge.target)!;
        // Back edges (loops) may point left; in these templates only "try again" loops do.
        if (to.x <= from.x) continue;
        expect(to.x - from.x).toBeGreaterThanOrEqual(240);
      }
    }
  });

  it("keeps the flow's top-left corner and uses measured sizes", () => {
    const document: FlowDocument = {
      version: 1,
      nodes: [
        { id: "a", type: "trigger.start", position: { x: 500, y: 700 }, config: {} },
        { id: "b", type: "message", position: { x: 900, y: 900 }, config: {} },
        { id: "c", type: "message", position: { x: 900, y: 1200 }, config: {} },
      ],
      edges: [
        { id: "1", source: "a", sourceHandle: "next", target: "b" },
        { id: "2", source: "a", sourceHandle: "other", target: "c" },
      ],
      variables: [],
    };
    const positions = autoLayout(document, { b: { width: 240, height: 400 } });
    expect(Math.min(...[...positions.values()].map((p) => p.x))).toBe(500);
    expect(Math.min(...[...positions.values()].map((p) => p.y))).toBe(700);
    const b = positions.get("b")!;
    const c = positions.get("c")!;
    expect(b.x).toBe(c.x);
    // b is 400 px tall, c the default 120: their vertical spans must not meet.
    expect(b.y + 400 <= c.y || c.y + 120 <= b.y).toBe(true);
  });

  it("returns nothing for an empty flow", () => {
    expect(autoLayout({ version: 1, nodes: [], edges: [], variables: [] }).size).toBe(0);
  });
});
