"use client";

import { useTranslations } from "next-intl";
import type { IssueTranslator } from "./zod-resolver";

/**
 * Turns a zod issue into a sentence in the user's language. `formats` names the message for a
 * field whose pattern failed (a bot token, say), keyed by the field's path.
 */
export function useIssueTranslator(formats: Record<string, string> = {}): IssueTranslator {
  const t = useTranslations("errors.validation");
  return (issue) => {
    const path = issue.path.map(String).join(".");
    switch (issue.code) {
      case "too_small":
        if (issue.origin === "string") {
          return Number(issue.minimum) <= 1
            ? t("required")
            : t("tooShort", { min: Number(issue.minimum) });
        }
        return t("tooSmall", { min: Number(issue.minimum) });
      case "too_big":
        return issue.origin === "string"
          ? t("tooLong", { max: Number(issue.maximum) })
          : t("tooBig", { max: Number(issue.maximum) });
      case "invalid_format": {
        if (formats[path]) return formats[path];
        if (issue.format === "email") return t("email");
        if (issue.format === "uuid") return t("uuid");
        if (issue.format === "datetime" || issue.format === "date") return t("date");
        return t("invalid");
      }
      case "invalid_type":
        return issue.input === undefined || issue.input === "" ? t("required") : t("invalid");
      case "invalid_value":
        return t("choose");
      default:
        return t("invalid");
    }
  };
}
