import { describe, expect, it } from "vitest";
import { parseFlowDocument } from "../document";
import { flowLocales } from "../localizedText";
import { nodeDefinition } from "../registry";
import { validateFlow } from "../validate";
import { flowTemplateIds, flowTemplates } from "./index";

describe("flow templates", () => {
  it("lists every template id once, named and described in both locales", () => {
    expect(flowTemplates.map((t) => t.id)).toEqual([...flowTemplateIds]);
    for (const t of flowTemplates) {
      for (const locale of flowLocales) {
        expect(t.name[locale]).not.toBe("");
        expect(t.description[locale]).not.toBe("");
      }
    }
  });

  for (const template of flowTemplates) {
    for (const locale of flowLocales) {
      describe(`${template.id} (${locale})`, () => {
        const built = template.build(locale);

        it("parses and validates without any problem", () => {
          const parsed = parseFlowDocument(JSON.parse(JSON.stringify(built)));
          expect(parsed.ok).toBe(true);
          if (parsed.ok) expect(validateFlow(parsed.document)).toEqual([]);
        });

        it("stores complete configs, laid out on the grid without overlaps", () => {
          const cells = new Set<string>();
          for (const node of built.nodes) {
            expect(node.config).toEqual(nodeDefinition(node.type)?.config.parse(node.config));
            const cell = `${node.position.x},${node.position.y}`;
            expect(cells.has(cell), `${node.id} overlaps`).toBe(false);
            cells.add(cell);
          }
        });
      });
    }
  }

  it("writes the Russian texts in Russian and the English ones in English", () => {
    for (const template of flowTemplates) {
      const en = JSON.stringify(template.build("en"));
      const ru = JSON.stringify(template.build("ru"));
      expect(en, template.id).not.toMatch(/[а-яё]/i);
      expect(ru, template.id).toMatch(/[а-яё]/i);
    }
  });
});
