import { describe, expect, it } from "vitest";
import type { FlowDocument } from "./document";
import { diffFlows, isBehaviourUnchanged } from "./diff";

const before: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "hello",
      type: "message",
      position: { x: 1, y: 0 },
      config: { text: "Hi", media: { kind: "photo", source: "a" } },
    },
    { id: "old", type: "message", position: { x: 2, y: 0 }, config: { text: "Old" } },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "hello" },
    { id: "e2", source: "hello", sourceHandle: "next", target: "old" },
  ],
  variables: [{ name: "email", type: "string" }],
};

describe("diffFlows", () => {
  it("finds nothing between a document and itself, whatever the key order", () => {
    const reordered = structuredClone(before);
    reordered.nodes[1] = {
      ...reordered.nodes[1]!,
      config: { media: { source: "a", kind: "photo" }, text: "Hi" },
    };
    const diff = diffFlows(before, reordered);
    expect(isBehaviourUnchanged(diff)).toBe(true);
    expect(Object.values(diff).flat()).toEqual([]);
  });

  it("lists added, removed, changed and moved nodes and edges", () => {
    const after: FlowDocument = {
      version: 1,
      nodes: [
        { id: "start", type: "trigger.start", position: { x: 50, y: 50 }, config: {} },
        { id: "hello", type: "message", position: { x: 1, y: 0 }, config: { text: "Hello" } },
        { id: "new", type: "tag", position: { x: 3, y: 0 }, config: { tags: ["vip"] } },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "next", target: "new" },
        { id: "e3", source: "new", sourceHandle: "next", target: "hello" },
      ],
      variables: [{ name: "phone", type: "string" }],
    };
    expect(diffFlows(before, after)).toEqual({
      nodesAdded: ["new"],
      nodesRemoved: ["old"],
      nodesChanged: ["hello"],
      nodesMoved: ["start"],
      edgesAdded: ["e3"],
      edgesRemoved: ["e2"],
      edgesChanged: ["e1"],
      variablesAdded: ["phone:string"],
      variablesRemoved: ["email:string"],
    });
  });

  it("treats a move alone as no change in behaviour", () => {
    const moved = structuredClone(before);
    moved.nodes = moved.nodes.map((n) =>
      n.id === "start" ? { ...n, position: { x: 9, y: 9 } } : n,
    );
    const diff = diffFlows(before, moved);
    expect(diff.nodesMoved).toEqual(["start"]);
    expect(isBehaviourUnchanged(diff)).toBe(true);
  });
});
