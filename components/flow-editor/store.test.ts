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

  it("the preview and the funnel take turns; loading another flow turns the funnel off", () => {
    state().setPreviewOpen(true);
    state().setFunnelOpen(true);
    expect([state().funnelOpen, state().previewOpen]).toEqual([true, false]);
    state().setPreviewOpen(true);
    expect([state().funnelOpen, state().previewOpen]).toEqual([false, true]);
    state().setFunnelOpen(true);
    state().load("flow-2", start, 1);
    expect(state().funnelOpen).toBe(false);
  });

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

  it("reconnects an edge in place and keeps one edge per outcome", () => {
    state().addNode("message", { x: 0, y: 100 });
    state().addNode("message", { x: 0, y: 200 });
    const [, a, b] = doc().nodes.map((n) => n.id);
    state().connect({ source: "start", sourceHandle: "next", target: a! });
    state().connect({ source: a!, sourceHandle: "next", target: b! });
    const [first] = doc().edges;
    // Drag the start→a edge's source end to a's outcome: a's old edge gives way.
    state().reconnect(first!.id, { source: a!, sourceHandle: "next", target: b! });
    expect(doc().edges).toEqual([{ id: first!.id, source: a, sourceHandle: "next", target: b }]);
    state().undo();
    expect(doc().edges).toHaveLength(2);
  });

  it("pastes a fragment selected, under fresh ids, as one undo step", () => {
    state().paste(
      {
        kind: "botshop/flow-fragment",
        version: 1,
        nodes: [
          { id: "start", type: "message", position: { x: 5, y: 5 }, config: { text: "x" } },
          { id: "b", type: "message", position: { x: 305, y: 5 }, config: { text: "y" } },
        ],
        edges: [{ id: "e", source: "start", sourceHandle: "next", target: "b" }],
      },
      { x: 100, y: 400 },
    );
    expect(doc().nodes).toHaveLength(3);
    expect(state().selectedNodeIds).toHaveLength(2);
    expect(state().selectedNodeIds).not.toContain("start");
    expect(doc().edges[0]).toMatchObject({ source: state().selectedNodeIds[0] });
    state().undo();
    expect(doc()).toBe(start);
  });

  it("arranges the flow as one undo step", async () => {
    state().addNode("message", { x: -900, y: 900 });
    const [, a] = doc().nodes.map((n) => n.id);
    state().connect({ source: "start", sourceHandle: "next", target: a! });
    const before = doc();
    await state().arrange();
    const [s, m] = doc().nodes;
    expect(m!.position.x).toBeGreaterThan(s!.position.x);
    state().undo();
    expect(doc()).toBe(before);
  });

  it("keeps a drag out of the document until it ends, then commits one step", () => {
    state().addNode("message", { x: 0, y: 100 });
    const added = doc().nodes[1]!.id;
    const before = doc();
    state().dragNodes({ start: { x: 10, y: 10 }, [added]: { x: 30, y: 130 } });
    state().dragNodes({ start: { x: 20, y: 20 }, [added]: { x: 40, y: 140 } });
    expect(doc()).toBe(before);
    expect(state().dragPositions).toEqual({ start: { x: 20, y: 20 }, [added]: { x: 40, y: 140 } });
    state().endDrag();
    expect(state().dragPositions).toBeNull();
    expect(doc().nodes.map((n) => n.position)).toEqual([
      { x: 20, y: 20 },
      { x: 40, y: 140 },
    ]);
    state().undo();
    expect(doc()).toBe(before);
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
