import { z } from "zod";
import { localizedText } from "./localizedText";
import { nodeDefinitions } from "./registry";

/** The parts of a JSON Schema node the reference shows; the rest is passed over. */
const jsonSchemaNode = z.looseObject({
  type: z.string().optional(),
  enum: z.array(z.unknown()).optional(),
  default: z.unknown().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  required: z.array(z.string()).optional(),
  items: z.unknown().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  minItems: z.number().optional(),
  pattern: z.string().optional(),
  label: localizedText.optional(),
  help: localizedText.optional(),
  widget: z.string().optional(),
});
type JsonSchemaNode = z.infer<typeof jsonSchemaNode>;

/** Prose for a table cell: Markdown's own characters escaped so they print as written. */
const prose = (value: string) => value.replace(/[|*<>_]/g, (c) => `\\${c}`).replaceAll("\n", " ");

/** A code span; a double-backtick span when the value itself holds a backtick (a pattern). */
const code = (value: string) =>
  (value.includes("`") ? `\`\` ${value} \`\`` : `\`${value}\``).replaceAll("|", "\\|");

function typeOf(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((v) => code(JSON.stringify(v))).join(" / ");
  const bounds = [
    node.minimum !== undefined ? `≥ ${node.minimum}` : "",
    node.maximum !== undefined ? `≤ ${node.maximum}` : "",
    node.minLength !== undefined ? `min ${node.minLength} chars` : "",
    node.maxLength !== undefined ? `max ${node.maxLength} chars` : "",
    node.minItems !== undefined ? `min ${node.minItems} items` : "",
    node.pattern !== undefined ? code(node.pattern) : "",
  ].filter(Boolean);
  let type = node.type ?? "any";
  if (node.type === "array") {
    const items = jsonSchemaNode.safeParse(node.items);
    type = `${items.success ? (items.data.type ?? "any") : "any"}[]`;
  }
  return bounds.length ? `${type} (${bounds.join(", ")})` : type;
}

function fieldRows(schema: unknown, prefix: string): string[] {
  const node = jsonSchemaNode.safeParse(schema);
  if (!node.success) return [];
  return Object.entries(node.data.properties ?? {}).flatMap(([key, value]) => {
    const field = jsonSchemaNode.safeParse(value);
    if (!field.success) return [];
    const f = field.data;
    const path = `${prefix}${key}`;
    const optional =
      !node.data.required?.includes(key) && f.default === undefined ? " (optional)" : "";
    const description = [f.label?.en, f.help?.en].filter(Boolean).join(" — ");
    const row = `| ${code(path)}${optional} | ${typeOf(f)} | ${f.default === undefined ? "" : code(JSON.stringify(f.default))} | ${prose(description)} |`;
    const items = jsonSchemaNode.safeParse(f.items);
    const nested =
      f.type === "object"
        ? fieldRows(f, `${path}.`)
        : f.type === "array" && items.success && items.data.type === "object"
          ? fieldRows(items.data, `${path}[].`)
          : [];
    return [row, ...nested];
  });
}

/**
 * The node reference section of docs/flow-format.md, generated from the registry so the docs
 * cannot drift from the schemas (nodeReferenceMarkdown.test.ts compares them).
 */
export function nodeReferenceMarkdown(): string {
  return nodeDefinitions
    .map((definition) => {
      const schema = z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" });
      const outcomes = definition.outcomes(definition.defaultConfig());
      const outcomeText = definition.fixedOutcomes
        ? outcomes.length === 0
          ? "None: the path continues elsewhere."
          : [
              "| Outcome | Label | May end the flow |",
              "| --- | --- | --- |",
              ...outcomes.map(
                (o) =>
                  `| \`${o.id}\` | ${o.label.en} | ${o.mayEnd ? "yes" : "no — must be wired"} |`,
              ),
            ].join("\n")
        : `${prose(definition.outcomesHelp?.en ?? "Depend on the config")}. With the default config: ${outcomes
            .map((o) => `${code(o.id)} (${o.mayEnd ? "may end" : "must be wired"})`)
            .join(", ")}.`;
      return [
        `### \`${definition.type}\` — ${definition.label.en}`,
        "",
        `${prose(definition.description.en)}. Category: ${definition.category}; icon: ${code(definition.icon)}.`,
        "",
        "| Config field | Type | Default | Meaning |",
        "| --- | --- | --- | --- |",
        ...fieldRows(schema, ""),
        "",
        `Default config: ${code(JSON.stringify(definition.defaultConfig()))}`,
        "",
        definition.fixedOutcomes && outcomes.length > 0
          ? `Outcomes:\n\n${outcomeText}`
          : `Outcomes: ${outcomeText}`,
      ].join("\n");
    })
    .join("\n\n");
}
