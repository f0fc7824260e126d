import { beforeEach, describe, expect, it } from "vitest";
import type { FlowDocument } from "@/lib/flow/document";
import { useFlowEditor } from "./store";

const start: FlowDocument = {
  version: 1,
  nodes: [{ id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} }],
  edges: [],
  variables: [],
};

const state = () => useFlowEditor.getState();
const doc = () => state().history.present;

describe("flow editor store", () => {
  beforeEach(() => state().load("flow-1", start, 3));

  it("adds a node with its default config, selected, and marks the draft unsaved", () => {
    state().addNode("message", { x: 10, y: 20 });
    const added = doc().nodes[1];
    expect(added).toMatchObject({ type: "message", position: { x: 10, y: 20 } });
    expect(added?.config).toMatchObject({ text: "", format: "plain" });
    expect(state().selectedNodeIds).toEqual([added?.id]);
    expect(state().status).toBe("unsaved");
    expect(state().problemCounts[added?.id ?? ""]?.errors).toBeGreaterThan(0);
  });

  it("keeps one edge per outcome and removes a node's edges with it", () => {
    state().addNode("message", { x: 0, y: 100 });
    state().addNode("message", { x: 0, y: 200 });
    const [, a, b] = doc().nodes.map((n) => n.id);
    state().connect({ source: "start", sourceHandle: "next", target: a ?? "" });
    state().connect({ source: "start", sourceHandle: "next", target: b ?? "" });
    expect(doc().edges.map((e) => e.target)).toEqual([b]);
    state().remove([b ?? ""], []);
    expect(doc().edges).toEqual([]);
    expect(doc().nodes).toHaveLength(2);
  });

  it("undoes a whole drag as one step and redoes it", () => {
    state().moveNode("start", { x: 5, y: 5 });
    state().moveNode("start", { x: 50, y: 50 });
    state().seal();
    expect(doc().nodes[0]?.position).toEqual({ x: 50, y: 50 });
    state().undo();
    expect(doc()).toBe(start);
    expect(state().status).toBe("saved");
    state().redo();
    expect(doc().nodes[0]?.position).toEqual({ x: 50, y: 50 });
  });

  it("stays saving while a save is in flight and notices edits made meanwhile", () => {
    state().moveNode("start", { x: 1, y: 1 });
    const sent = doc();
    state().saveStarted();
    state().moveNode("start", { x: 2, y: 2 });
    expect(state().status).toBe("saving");
    state().saveFinished(sent, 4);
    expect(state()).toMatchObject({ status: "unsaved", revision: 4 });
  });

  it("holds a conflict until it is resolved", () => {
    state().saveFailed(true);
    state().moveNode("start", { x: 1, y: 1 });
    expect(state().status).toBe("conflict");
    state().rebase(7);
    expect(state()).toMatchObject({ status: "unsaved", revision: 7 });
  });
});
