import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { parseFlowDocument } from "./document";
import { nodeReferenceMarkdown } from "./nodeReferenceMarkdown";
import { validateFlow } from "./validate";

const docPath = path.resolve(import.meta.dirname, "../../docs/flow-format.md");
const start = "<!-- node-reference:start -->";
const end = "<!-- node-reference:end -->";

describe("docs/flow-format.md", () => {
  it("carries the node reference generated from the registry", async () => {
    // Regenerate with: UPDATE_FLOW_DOCS=1 npx vitest run lib/flow/flowFormatDoc
    const doc = readFileSync(docPath, "utf8");
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    expect(from).toBeGreaterThan(-1);
    expect(to).toBeGreaterThan(from);
    const options = (await resolveConfig(docPath)) ?? {};
    const reference = await format(nodeReferenceMarkdown(), { ...options, parser: "markdown" });
    const expected = `${doc.slice(0, from)}${start}\n\n${reference}\n${doc.slice(to)}`;
    if (process.env.UPDATE_FLOW_DOCS) writeFileSync(docPath, expected);
    expect(doc).toBe(expected);
  });

  it("has a full example that parses and validates without problems", () => {
    const doc = readFileSync(docPath, "utf8");
    const example = doc.slice(doc.indexOf("## Full example")).match(/```json\n([\s\S]*?)```/);
    expect(example?.[1]).toBeDefined();
    const parsed = parseFlowDocument(JSON.parse(example?.[1] ?? "null"));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(validateFlow(parsed.document)).toEqual([]);
  });
});
