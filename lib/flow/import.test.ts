import { describe, expect, it } from "vitest";
import { exportFlowJson, formatPath, importFlowJson, jsonErrorOffset } from "./import";
import { buildFlowTemplate } from "./templates";

describe("flow import", () => {
  it("round-trips an exported template", () => {
    const document = buildFlowTemplate("sell-ebook", "ru");
    expect(importFlowJson(exportFlowJson(document))).toEqual({ ok: true, document });
  });

  it("takes the document out of a GET …/draft answer", () => {
    const document = buildFlowTemplate("support-faq", "en");
    const answer = JSON.stringify({ document, revision: 4, updatedAt: "2026-01-01" });
    expect(importFlowJson(answer)).toEqual({ ok: true, document });
  });

  it("points at the line and column of a JSON syntax error", () => {
    const result = importFlowJson('{\n  "version": 1,\n  "nodes": [,]\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.where).toBe("line 3, column 13");
    expect(result.problems[0]!.message).toBe('Not valid JSON: unexpected ","');
  });

  it("says an empty file is empty", () => {
    expect(importFlowJson("  \n")).toEqual({
      ok: false,
      problems: [{ where: "(file)", message: "The file is empty" }],
    });
  });

  it("lists every structural problem with its path and the node's id", () => {
    const result = importFlowJson(
      JSON.stringify({
        version: 1,
        nodes: [
          { id: "a", type: "message", position: { x: 0, y: 0 }, config: {} },
          { id: "b", type: "message", position: { x: "left", y: 0 }, config: {} },
        ],
        edges: [{ id: "e", source: "a", target: "b" }],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.where).sort()).toEqual([
      'edges[0].sourceHandle (id "e")',
      'nodes[1].position.x (id "b")',
    ]);
  });

  it("names a duplicated node id", () => {
    const node = { id: "a", type: "message", position: { x: 0, y: 0 }, config: {} };
    const result = importFlowJson(JSON.stringify({ version: 1, nodes: [node, node], edges: [] }));
    expect(result.ok || result.problems).toEqual([
      { where: 'nodes[1].id (id "a")', message: 'Duplicate node id "a"' },
    ]);
  });

  it("finds the offset where text stops being JSON", () => {
    const cases: [string, number][] = [
      ["[1, 2", 5],
      ['{"a": tru}', 9],
      ['{"a" 1}', 5],
      ['{"a": "x\\q"}', 9],
      ["[1,]", 3],
      ["[01]", 2],
      ['{"a": 1} x', 9],
      ['"\\u12G4"', 5],
    ];
    for (const [text, offset] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect([text, jsonErrorOffset(text)]).toEqual([text, offset]);
    }
  });

  it("refuses a newer format version and non-objects", () => {
    const newer = importFlowJson('{"version": 99, "nodes": [], "edges": []}');
    expect(newer.ok || newer.problems[0]).toMatchObject({ where: "version" });
    const list = importFlowJson("[1, 2]");
    expect(list.ok || list.problems[0]).toMatchObject({ where: "(document)" });
  });

  it("formats paths", () => {
    expect(formatPath([])).toBe("(document)");
    expect(formatPath(["variables", 0, "name"])).toBe("variables[0].name");
  });
});
