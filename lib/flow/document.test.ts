import { describe, expect, it } from "vitest";
import { flowDocumentJsonSchema, parseFlowDocument } from "./document";

const example = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "hello",
      type: "message",
      position: { x: 240, y: 0 },
      config: { text: "Hi {{contact.first_name}}!" },
    },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "next", target: "hello" }],
  variables: [{ name: "email", type: "string" }],
};

describe("parseFlowDocument", () => {
  it("accepts the DESIGN.md example", () => {
    const result = parseFlowDocument(example);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.document.nodes[1]?.config).toEqual({ text: "Hi {{contact.first_name}}!" });
  });

  it("drops React Flow's view state (selected, measured…) and defaults config and variables", () => {
    const result = parseFlowDocument({
      version: 1,
      nodes: [
        {
          id: "a",
          type: "message",
          position: { x: 1, y: 2 },
          selected: true,
          measured: { width: 10 },
        },
      ],
      edges: [],
    });
    expect(result).toEqual({
      ok: true,
      document: {
        version: 1,
        nodes: [{ id: "a", type: "message", position: { x: 1, y: 2 }, config: {} }],
        edges: [],
        variables: [],
      },
    });
  });

  it("rejects with the path of each problem", () => {
    const result = parseFlowDocument({
      ...example,
      nodes: [
        { ...example.nodes[0], id: "" },
        { ...example.nodes[1], position: { x: "0", y: 0 } },
      ],
      edges: [{ id: "e1", source: "start", target: "hello" }],
      variables: [{ name: "1st", type: "string" }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        ["nodes", 0, "id"],
        ["nodes", 1, "position", "x"],
        ["edges", 0, "sourceHandle"],
        ["variables", 0, "name"],
      ]),
    );
  });

  it("rejects duplicate node ids, edge ids and variable names", () => {
    const result = parseFlowDocument({
      ...example,
      nodes: [example.nodes[0], { ...example.nodes[1], id: "start" }],
      edges: [example.edges[0], example.edges[0]],
      variables: [example.variables[0], example.variables[0]],
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.path)).toEqual([
        ["nodes", 1, "id"],
        ["edges", 1, "id"],
        ["variables", 1, "name"],
      ]);
  });

  it("rejects a missing version, a newer version and a non-object", () => {
    expect(parseFlowDocument({ nodes: [], edges: [] })).toMatchObject({
      ok: false,
      errors: [{ path: ["version"] }],
    });
    expect(parseFlowDocument({ ...example, version: 2 })).toMatchObject({
      ok: false,
      errors: [{ path: ["version"] }],
    });
    expect(parseFlowDocument("flow")).toMatchObject({ ok: false, errors: [{ path: [] }] });
  });
});

describe("flowDocumentJsonSchema", () => {
  it("describes the document", () => {
    const schema = flowDocumentJsonSchema();
    expect(schema).toMatchObject({ type: "object", properties: { version: { const: 1 } } });
    expect(JSON.stringify(schema)).toContain("sourceHandle");
  });
});
