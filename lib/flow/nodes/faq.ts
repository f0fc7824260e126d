import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { requiredValue } from "../requiredValue";
import { checkMessageText } from "../telegramLimits";

export const faqNode = defineNode({
  type: "faq",
  category: "support",
  icon: "circle-question-mark",
  label: text("FAQ", "Частые вопросы"),
  description: text(
    "Answers the user's message by keywords, or takes the fallback",
    "Отвечает на сообщение по ключевым словам или уходит в запасную ветку",
  ),
  config: z.object({
    entries: z
      .array(
        z.object({
          keywords: z
            .array(z.string().trim().min(1))
            .min(1)
            .meta(fieldMeta({ label: text("Keywords", "Ключевые слова"), widget: "keywords" })),
          answer: z
            .string()
            .default("")
            .meta(fieldMeta({ label: text("Answer", "Ответ"), widget: "variables" })),
        }),
      )
      .default([])
      .meta(fieldMeta({ label: text("Answers", "Ответы") })),
  }),
  outcomes: [
    { id: "answered", label: text("Answered", "Ответ дан"), mayEnd: true },
    // Nobody answered the question: leaving it unwired would ignore the customer.
    { id: "fallback", label: text("No match", "Нет ответа"), mayEnd: false },
  ],
  summary: (config, locale) =>
    locale === "ru" ? `ответов: ${config.entries.length}` : `${config.entries.length} answers`,
  check: (config) => [
    ...requiredValue(config.entries, ["entries"], text("Answers", "Ответы")),
    ...config.entries.flatMap((entry, i) =>
      checkMessageText(entry.answer, false, ["entries", i, "answer"]),
    ),
  ],
});
