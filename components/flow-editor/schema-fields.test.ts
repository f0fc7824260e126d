import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buttonsNode } from "@/lib/flow/nodes/buttons";
import { messageNode } from "@/lib/flow/nodes/message";
import { describeField, freshValue, setIn } from "./schema-fields";

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
