import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buttonsNode } from "@/lib/flow/nodes/buttons";
import { messageNode } from "@/lib/flow/nodes/message";
import { askNode } from "@/lib/flow/nodes/ask";
import { httpNode } from "@/lib/flow/nodes/http";
import { paymentNode } from "@/lib/flow/nodes/payment";
import type { NodeDefinition } from "@/lib/flow/defineNode";
import { describeField, freshValue, isRequired, setIn } from "./schema-fields";

describe("describeField", () => {
  it("reads the inspector's view of the buttons config", () => {
    const shape = buttonsNode.config.shape;
    expect(describeField(shape.text)).toMatchObject({
      field: { kind: "string" },
      meta: { label: { en: "Text" }, widget: "variables" },
      optional: false,
    });
    expect(describeField(shape.format).field).toEqual({
      kind: "enum",
      options: ["plain", "markdown", "html"],
    });
    const buttons = describeField(shape.buttons);
    expect(buttons.field.kind).toBe("array");
    if (buttons.field.kind !== "array") return;
    const row = describeField(buttons.field.element);
    expect(row.field.kind).toBe("object");
    if (row.field.kind !== "object") return;
    const { url, sameRow } = row.field.shape;
    if (!url || !sameRow) throw new Error("the button row lost its url or sameRow field");
    expect(describeField(url)).toMatchObject({
      field: { kind: "string" },
      optional: true,
      meta: { widget: "url" },
    });
    expect(describeField(sameRow).field.kind).toBe("boolean");
  });

  it("sees an optional object with its label (message media)", () => {
    expect(describeField(messageNode.config.shape.media)).toMatchObject({
      field: { kind: "object" },
      optional: true,
      meta: { label: { ru: "Медиа" } },
    });
  });
});

describe("describeField on numbers", () => {
  it("reads the bounds the form hints at, but not z.int()'s own safe range", () => {
    expect(describeField(askNode.config.shape.retries).field).toEqual({
      kind: "number",
      min: 0,
      max: 10,
      integer: true,
    });
    expect(describeField(z.int()).field).toMatchObject({ min: undefined, max: undefined });
  });

  it("carries the enum option labels in the field meta", () => {
    expect(describeField(askNode.config.shape.answer).meta?.options?.choice).toEqual({
      en: "One of the choices",
      ru: "Один из вариантов",
    });
  });
});

describe("isRequired", () => {
  const required = (definition: NodeDefinition, key: string, config: Record<string, unknown>) => {
    const schema =
      definition.config instanceof z.ZodObject ? definition.config.shape[key] : undefined;
    if (!schema) throw new Error(`no field ${key}`);
    return isRequired(describeField(schema), schema, [key], config, (c) =>
      definition.check(c, "n"),
    );
  };

  it("marks what the schema refuses empty and what the publish checks report missing", () => {
    const ask = askNode.defaultConfig();
    expect(required(askNode, "variable", ask)).toBe(true); // schema: an identifier
    expect(required(askNode, "text", ask)).toBe(true); // check: Telegram sends no empty text
    expect(required(askNode, "retryText", ask)).toBe(false);
    expect(required(askNode, "choices", ask)).toBe(false);
    expect(required(askNode, "choices", { ...ask, answer: "choice" })).toBe(true);
    expect(required(httpNode, "url", httpNode.defaultConfig())).toBe(true);
    expect(required(httpNode, "saveTo", httpNode.defaultConfig())).toBe(false);
  });

  it("follows the mode: a fixed product is required only when the product is fixed", () => {
    const payment = paymentNode.defaultConfig();
    expect(required(paymentNode, "productId", payment)).toBe(false);
    expect(required(paymentNode, "productId", { ...payment, product: "fixed" })).toBe(true);
  });
});

describe("freshValue", () => {
  it("fills a new row with the schema's defaults", () => {
    const row = z.object({
      id: z.string(),
      text: z.string().default(""),
      on: z.boolean().default(false),
    });
    expect(freshValue(row)).toEqual({ text: "", on: false });
  });
});

describe("setIn", () => {
  it("copies along the path and leaves the original alone", () => {
    const config = { buttons: [{ id: "a", text: "A" }], text: "hi" };
    const next = setIn(config, ["buttons", 0, "text"], "B");
    expect(next).toEqual({ buttons: [{ id: "a", text: "B" }], text: "hi" });
    expect(config.buttons[0]?.text).toBe("A");
  });

  it("removes a key set to undefined", () => {
    expect(setIn({ media: { kind: "photo" }, text: "" }, ["media"], undefined)).toEqual({
      text: "",
    });
  });
});
