import { describe, expect, expectTypeOf, it } from "vitest";
import { iconNames } from "lucide-react/dynamic";
import { z } from "zod";
import { readFieldMeta } from "./fieldMeta";
import { nodeDefinition, nodeDefinitions, type NodeConfig } from "./registry";

// The palette of DESIGN.md ("The flow document"); the registry must offer exactly these.
const palette = [
  "trigger.start",
  "trigger.command",
  "trigger.keyword",
  "trigger.event",
  "message",
  "buttons",
  "ask",
  "contact.request",
  "condition",
  "set",
  "wait",
  "split",
  "goto",
  "catalog",
  "payment",
  "deliver",
  "faq",
  "handoff",
  "http",
  "tag",
  "field",
  "notify",
];

/** Every field of an object config with its path, recursively through arrays and wrappers. */
function fields(schema: z.core.$ZodType, path: string): { path: string; field: z.core.$ZodType }[] {
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape).flatMap(([key, field]) =>
      field instanceof z.ZodType
        ? [{ path: `${path}.${key}`, field }, ...fields(field, `${path}.${key}`)]
        : [],
    );
  }
  if (schema instanceof z.ZodArray) return fields(schema.element, `${path}[]`);
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    return fields(schema.unwrap(), path);
  return [];
}

/** The enum inside defaults and optionals, or undefined when the field is not one. */
function enumOf(field: z.core.$ZodType): z.ZodEnum | undefined {
  if (field instanceof z.ZodEnum) return field;
  if (field instanceof z.ZodDefault || field instanceof z.ZodOptional)
    return enumOf(field.unwrap());
  return undefined;
}

describe("node registry", () => {
  it("lists every palette type once", () => {
    expect(nodeDefinitions.map((d) => d.type).sort()).toEqual([...palette].sort());
    for (const type of palette) expect(nodeDefinition(type)?.type).toBe(type);
    expect(nodeDefinition("nope")).toBeUndefined();
  });

  describe.each(nodeDefinitions.map((d) => [d.type, d] as const))("%s", (_type, definition) => {
    it("names a lucide icon", () => {
      expect(iconNames).toContain(definition.icon);
    });

    it("has a valid default config", () => {
      const config = definition.defaultConfig();
      expect(definition.config.safeParse(config).success).toBe(true);
      expect(typeof definition.summary(config, "en")).toBe("string");
      expect(typeof definition.summary(config, "ru")).toBe("string");
    });

    it("has unique outcome ids", () => {
      const ids = definition.outcomes(definition.defaultConfig()).map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("labels every config field in both locales (the inspector draws its form from them)", () => {
      const all = fields(definition.config, definition.type);
      expect(all.length).toBeGreaterThan(0);
      for (const { path, field } of all) {
        expect(readFieldMeta(field), path).toBeDefined();
      }
    });

    it("labels every option of its enum fields in both locales (the inspector's selects show them)", () => {
      for (const { path, field } of fields(definition.config, definition.type)) {
        const options = enumOf(field)?.options;
        if (!options) continue;
        const labels = readFieldMeta(field)?.options;
        for (const option of options) {
          expect(labels?.[String(option)]?.en, `${path}: ${option}`).toBeTruthy();
          expect(labels?.[String(option)]?.ru, `${path}: ${option}`).toBeTruthy();
        }
        // No stale labels for values the enum no longer has.
        expect(Object.keys(labels ?? {}).sort(), path).toEqual(options.map(String).sort());
      }
    });
  });

  it("derives outcomes from config for buttons and split", () => {
    const buttons = nodeDefinition("buttons");
    expect(
      buttons
        ?.outcomes({
          text: "Pick",
          buttons: [
            { id: "a", text: "A" },
            { id: "site", text: "Site", url: "https://example.com" },
          ],
        })
        .map((o) => o.id),
    ).toEqual(["a"]);
    const split = nodeDefinition("split");
    expect(
      split?.outcomes({ branches: [{ id: "x" }, { id: "y" }, { id: "z" }] }).map((o) => o.id),
    ).toEqual(["x", "y", "z"]);
    expect(
      nodeDefinition("payment")
        ?.outcomes({})
        .map((o) => o.id),
    ).toEqual(["paid", "failed", "canceled", "timeout"]);
    expect(
      nodeDefinition("ask")
        ?.outcomes({ timeoutMinutes: 5 })
        .map((o) => o.id),
    ).toEqual(["next", "invalid", "timeout"]);
  });

  it("types each node's config for the code that handles it", () => {
    expectTypeOf<NodeConfig<"payment">["provider"]>().toEqualTypeOf<
      "stars" | "telegram" | "stripe" | "yookassa"
    >();
    expectTypeOf<NodeConfig<"wait">["amount"]>().toEqualTypeOf<number>();
  });

  it("summarises a node for the canvas in each locale", () => {
    const wait = nodeDefinition("wait");
    expect(wait?.summary({ amount: 3, unit: "days" }, "en")).toBe("3 d");
    expect(wait?.summary({ amount: 3, unit: "days" }, "ru")).toBe("3 дн");
    expect(nodeDefinition("trigger.command")?.summary({ command: "buy" }, "en")).toBe("/buy");
    expect(
      nodeDefinition("split")?.summary(
        {
          branches: [
            { id: "a", weight: 1 },
            { id: "b", weight: 3 },
          ],
        },
        "en",
      ),
    ).toBe("a 25% / b 75%");
    expect(nodeDefinition("message")?.summary({ text: "" }, "ru")).toBe("(пустое сообщение)");
  });
});
