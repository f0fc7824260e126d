import { z } from "zod";
import { localizedText } from "./localizedText";

/**
 * How the inspector draws a config field. Absent: chosen from the field's zod type
 * (string → input, enum → select, boolean → switch, number → number input, array → list).
 */
export const fieldWidgets = [
  "textarea", // multi-line text
  "variables", // text with {{variable}} completion
  "variable", // pick (or name) one flow variable
  "keywords", // a list of short strings edited as chips
  "url",
  "product", // pick a product of the workspace
  "flow", // pick another flow of the bot
] as const;

/**
 * The metadata every node config field carries through `.meta()`. The editor draws the
 * inspector form from it, so zod stays the one description of a node's settings.
 */
export const fieldMetaSchema = z.object({
  label: localizedText,
  help: localizedText.optional(),
  widget: z.enum(fieldWidgets).optional(),
  /** For enum fields: what the inspector's select shows for each value (the value is what is stored). */
  options: z.record(z.string(), localizedText).optional(),
});
export type FieldMeta = z.infer<typeof fieldMetaSchema>;

/** Typed `.meta()` argument: `z.string().meta(fieldMeta({ label: {...} }))`. */
export function fieldMeta(meta: FieldMeta): FieldMeta {
  return meta;
}

/** Reads a field's metadata back, or undefined when it has none (or not ours). */
export function readFieldMeta(schema: z.core.$ZodType): FieldMeta | undefined {
  const parsed = fieldMetaSchema.safeParse(z.globalRegistry.get(schema));
  return parsed.success ? parsed.data : undefined;
}
