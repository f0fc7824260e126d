import { describe, expect, it } from "vitest";
import type { FlowDocument } from "./document";
import { availableVariables, builtinVariables, insertVariable } from "./variables";

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  config,
});

const doc = (nodes: FlowDocument["nodes"], variables: FlowDocument["variables"] = []) => ({
  nodes,
  variables,
});

describe("availableVariables", () => {
  it("offers contact and bot fields in every flow, order and event fields only where they exist", () => {
    const names = availableVariables(doc([node("s", "trigger.start")]), "en").map((v) => v.name);
    expect(names).toContain("contact.first_name");
    expect(names).toContain("bot.username");
    expect(names.some((n) => n.startsWith("order."))).toBe(false);
    expect(names.some((n) => n.startsWith("event."))).toBe(false);

    const shop = availableVariables(
      doc([node("e", "trigger.event"), node("p", "payment")]),
      "en",
    ).map((v) => v.name);
    expect(shop).toContain("order.amount");
    expect(shop).toContain("event.type");
  });

  it("labels in the asked locale", () => {
    const [en] = availableVariables(doc([]), "en");
    const [ru] = availableVariables(doc([]), "ru");
    expect(en).toMatchObject({ name: "contact.first_name", group: "contact", label: "First name" });
    expect(ru).toMatchObject({ name: "contact.first_name", label: "Имя" });
  });

  it("collects declared variables and those ask, set and http write, once each", () => {
    const vars = availableVariables(
      doc(
        [
          node("a", "ask", { variable: "age", answer: "number" }),
          node("a2", "ask", {}), // default variable: answer
          node("s", "set", { assignments: [{ variable: "email", value: "x" }, { value: "?" }] }),
          node("s2", "set", { assignments: [{ variable: "age", value: "1" }] }),
          node("h", "http", { saveTo: "crm" }),
          node("h2", "http", { saveTo: "not valid!" }),
          node("f", "field", { field: "city", value: "{{answer}}" }),
        ],
        [{ name: "email", type: "string" }],
      ),
      "en",
    );
    const flow = vars.filter((v) => v.group === "flow");
    expect(flow.map((v) => [v.name, v.type, v.source.kind])).toEqual([
      ["age", "number", "nodes"],
      ["answer", "string", "nodes"],
      ["crm", "string", "nodes"],
      ["email", "string", "declared"],
    ]);
    expect(flow[0]?.source).toEqual({ kind: "nodes", nodeIds: ["a", "s2"] });
    expect(vars.find((v) => v.name === "contact.fields.city")).toMatchObject({
      group: "contact",
      source: { kind: "nodes", nodeIds: ["f"] },
    });
  });

  it("has unique, template-safe built-in names", () => {
    const names = builtinVariables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
  });
});

describe("insertVariable", () => {
  it("inserts at the caret and puts the caret after the token", () => {
    expect(insertVariable("Hi !", 3, 3, "contact.first_name")).toEqual({
      value: "Hi {{contact.first_name}}!",
      caret: 25,
    });
  });

  it("replaces the selection, and clamps positions outside the text", () => {
    expect(insertVariable("Hi NAME", 3, 7, "x")).toEqual({ value: "Hi {{x}}", caret: 8 });
    expect(insertVariable("ab", 9, 9, "x")).toEqual({ value: "ab{{x}}", caret: 7 });
  });
});
