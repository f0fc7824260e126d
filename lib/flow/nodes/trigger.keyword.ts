import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";

/** How keywords are compared: trimmed and case-folded, so "Price " and "price" are the same word. */
export function normalizeKeyword(keyword: string): string {
  return keyword.trim().toLocaleLowerCase();
}

export const triggerKeywordNode = defineNode({
  type: "trigger.keyword",
  category: "trigger",
  icon: "text-search",
  label: text("Keyword", "Ключевое слово"),
  description: text(
    "Runs when a message matches one of the keywords",
    "Срабатывает, когда сообщение совпадает с ключевым словом",
  ),
  config: z.object({
    keywords: z
      .array(z.string().trim().min(1).max(100))
      .min(1)
      .default(["help"])
      .meta(fieldMeta({ label: text("Keywords", "Ключевые слова"), widget: "keywords" })),
    match: z
      .enum(["exact", "contains"])
      .default("exact")
      .meta(
        fieldMeta({
          label: text("Match", "Совпадение"),
          help: text(
            "Whole message, or anywhere in it; case is ignored",
            "Всё сообщение или часть; регистр не важен",
          ),
          options: {
            exact: text("Whole message", "Всё сообщение"),
            contains: text("Anywhere in the message", "В любом месте сообщения"),
          },
        }),
      ),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: false }],
  summary: (config) => config.keywords.join(", "),
});
