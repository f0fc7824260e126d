import type { z } from "zod";

/**
 * The input schema of an API operation, for a form that posts to it: the form validates with
 * exactly what the route will parse (STYLE.md: zod is the single source of truth).
 */
export function bodySchemaOf<B extends z.ZodType>(op: { id: string; body?: B }): B {
  if (!op.body) throw new Error(`Operation ${op.id} takes no body`);
  return op.body;
}
