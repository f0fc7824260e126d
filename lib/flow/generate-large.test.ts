import { describe, expect, it } from "vitest";
import { parseFlowDocument } from "./document";
import { generateLargeFlow } from "./generate-large";
import { validateFlow } from "./validate";

describe("generateLargeFlow", () => {
  it("gives 1,000 nodes and 1,200 edges that validate without errors or warnings", () => {
    const doc = generateLargeFlow({ nodes: 1000 });
    expect(doc.nodes).toHaveLength(1000);
    expect(doc.edges).toHaveLength(1200);
    expect(parseFlowDocument(doc).ok).toBe(true);
    expect(validateFlow(doc)).toEqual([]);
  });

  it("starts with a /start trigger at the top left and mixes real node types", () => {
    const doc = generateLargeFlow({ nodes: 1000 });
    expect(doc.nodes[0]).toMatchObject({ type: "trigger.start", position: { x: 0, y: 0 } });
    const types = new Set(doc.nodes.map((n) => n.type));
    for (const type of ["message", "buttons", "condition", "set", "tag", "wait", "split", "notify"])
      expect(types).toContain(type);
  });

  it("is deterministic and valid at other sizes", () => {
    expect(generateLargeFlow({ nodes: 300 })).toEqual(generateLargeFlow({ nodes: 300 }));
    for (const nodes of [2, 3, 41, 42, 250]) {
      const doc = generateLargeFlow({ nodes });
      expect(doc.nodes).toHaveLength(nodes);
      expect(validateFlow(doc).filter((p) => p.severity === "error")).toEqual([]);
    }
  });
});
