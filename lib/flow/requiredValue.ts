import type { NodeCheck } from "./defineNode";
import { text, type LocalizedText } from "./localizedText";

/**
 * A field a fresh node leaves empty (so it can be dropped on the canvas) but that publishing
 * needs: reported as `missing_value` at its path.
 */
export function requiredValue(
  value: string | readonly unknown[],
  path: (string | number)[],
  what: LocalizedText,
): NodeCheck[] {
  const empty = typeof value === "string" ? value.trim() === "" : value.length === 0;
  if (!empty) return [];
  return [
    {
      severity: "error",
      code: "missing_value",
      path,
      message: text(`${what.en}: required`, `${what.ru}: обязательно`),
    },
  ];
}
