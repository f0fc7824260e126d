import { describe, expect, it } from "vitest";
import type { FlowDocument } from "./document";
import { createHistory, pushHistory, redoHistory, sealHistory, undoHistory } from "./history";

const doc = (x: number): FlowDocument => ({
  version: 1,
  nodes: [{ id: "a", type: "message", position: { x, y: 0 }, config: {} }],
  edges: [],
  variables: [],
});
const xOf = (d: FlowDocument) => d.nodes[0]?.position.x;

describe("flow history", () => {
  it("undoes and redoes in order", () => {
    let h = createHistory(doc(0));
    h = pushHistory(h, doc(1));
    h = pushHistory(h, doc(2));
    h = undoHistory(h);
    expect(xOf(h.present)).toBe(1);
    h = undoHistory(h);
    expect(xOf(h.present)).toBe(0);
    expect(undoHistory(h)).toBe(h);
    h = redoHistory(h);
    h = redoHistory(h);
    expect(xOf(h.present)).toBe(2);
    expect(redoHistory(h)).toBe(h);
  });

  it("a new push clears redo", () => {
    let h = pushHistory(pushHistory(createHistory(doc(0)), doc(1)), doc(2));
    h = pushHistory(undoHistory(h), doc(9));
    expect(h.future).toEqual([]);
    expect(redoHistory(h)).toBe(h);
    expect(xOf(undoHistory(h).present)).toBe(1);
  });

  it("coalesces pushes with the same key into one step", () => {
    let h = createHistory(doc(0));
    for (let x = 1; x <= 10; x++) h = pushHistory(h, doc(x), "move:a");
    expect(h.past).toHaveLength(1);
    h = pushHistory(h, doc(11), "move:b");
    expect(h.past).toHaveLength(2);
    h = undoHistory(h);
    expect(xOf(h.present)).toBe(10);
    expect(xOf(undoHistory(h).present)).toBe(0);
  });

  it("does not coalesce across a seal or an undo", () => {
    let h = pushHistory(createHistory(doc(0)), doc(1), "move:a");
    h = pushHistory(sealHistory(h), doc(2), "move:a");
    expect(h.past).toHaveLength(2);
    h = pushHistory(undoHistory(h), doc(3), "move:a");
    expect(h.past).toHaveLength(2);
  });

  it("keeps at most the limit of undo steps", () => {
    let h = createHistory(doc(0));
    for (let x = 1; x <= 250; x++) h = pushHistory(h, doc(x));
    expect(h.past).toHaveLength(200);
    expect(xOf(h.past[0] ?? doc(-1))).toBe(50);
    expect(pushHistory(h, h.present)).toBe(h);
  });
});
