import { describe, expect, it } from "vitest";
import { copyFragment, pasteFragment, readFragment } from "./clipboard";
import type { FlowDocument } from "./document";

const doc: FlowDocument = {
  version: 1,
  nodes: [
    { id: "t", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    { id: "m", type: "message", position: { x: 300, y: 100 }, config: { text: "Hi" } },
    { id: "n", type: "message", position: { x: 600, y: 140 }, config: { text: "Bye" } },
  ],
  edges: [
    { id: "e1", source: "t", sourceHandle: "next", target: "m" },
    { id: "e2", source: "m", sourceHandle: "next", target: "n" },
  ],
  variables: [],
};

function counter() {
  let i = 0;
  return (prefix: string) => `${prefix}-${++i}`;
}

describe("flow clipboard", () => {
  it("copies the selected nodes with only the edges inside the selection", () => {
    const fragment = copyFragment(doc, ["m", "n"]);
    expect(fragment?.nodes.map((n) => n.id)).toEqual(["m", "n"]);
    expect(fragment?.edges.map((e) => e.id)).toEqual(["e2"]);
    expect(copyFragment(doc, [])).toBeNull();
    expect(copyFragment(doc, ["gone"])).toBeNull();
  });

  it("round-trips through clipboard text and rejects anything else", () => {
    const fragment = copyFragment(doc, ["m"]);
    expect(readFragment(JSON.stringify(fragment))).toEqual(fragment);
    expect(readFragment("hello")).toBeNull();
    expect(readFragment('{"kind":"botshop/flow-fragment"')).toBeNull();
    expect(
      readFragment('{"kind":"botshop/flow-fragment","version":1,"nodes":[],"edges":[]}'),
    ).toBeNull();
  });

  it("pastes under fresh ids at the target, rewiring inner edges and copying configs", () => {
    const fragment = copyFragment(doc, ["m", "n"])!;
    const { document, nodeIds } = pasteFragment(doc, fragment, { x: 1000, y: 500 }, counter());
    expect(nodeIds).toEqual(["message-1", "message-2"]);
    const pasted = document.nodes.slice(3);
    expect(pasted.map((n) => n.position)).toEqual([
      { x: 1000, y: 500 },
      { x: 1300, y: 540 },
    ]);
    expect(document.edges.at(-1)).toEqual({
      id: "e-3",
      source: "message-1",
      sourceHandle: "next",
      target: "message-2",
    });
    // The pasted config is a copy: editing it cannot change the original.
    expect(pasted[0]!.config).toEqual({ text: "Hi" });
    expect(pasted[0]!.config).not.toBe(doc.nodes[1]!.config);
    expect(new Set(document.nodes.map((n) => n.id)).size).toBe(5);
  });

  it("pastes twice without clashing ids", () => {
    const fragment = copyFragment(doc, ["t", "m"])!;
    const newId = counter();
    const once = pasteFragment(doc, fragment, { x: 0, y: 400 }, newId).document;
    const twice = pasteFragment(once, fragment, { x: 0, y: 800 }, newId).document;
    expect(new Set(twice.nodes.map((n) => n.id)).size).toBe(7);
    expect(new Set(twice.edges.map((e) => e.id)).size).toBe(4);
  });
});
