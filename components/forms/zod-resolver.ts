import { toNestErrors } from "@hookform/resolvers";
import type { FieldError, FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

export type Issue = z.core.$ZodIssue;
export type IssueTranslator = (issue: Issue) => string;

/**
 * react-hook-form resolver for the shared zod schemas. The schemas carry English messages (the
 * API answers with them), so the form translates each issue by its code instead, through the
 * catalogue (see useIssueTranslator).
 */
export function localizedZodResolver<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  translate: IssueTranslator,
): Resolver<z.input<S>, unknown, z.output<S>> {
  return async (values, _context, options) => {
    const result = await schema.safeParseAsync(values);
    if (result.success) return { values: result.data, errors: {} };
    const flat: Record<string, FieldError> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".");
      flat[path] ??= { type: issue.code, message: translate(issue) };
    }
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}
