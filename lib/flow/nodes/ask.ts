import { z } from "zod";
import { variableName } from "../document";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { messageText, textFormat } from "../messageFields";
import { checkMessageText } from "../telegramLimits";
import { requiredValue } from "../requiredValue";
import { excerpt } from "../excerpt";

export const answerTypes = ["text", "number", "email", "phone", "date", "choice"] as const;

export const askNode = defineNode({
  type: "ask",
  category: "messaging",
  icon: "message-circle-question-mark",
  label: text("Ask", "Вопрос"),
  description: text(
    "Asks a question, checks the answer and stores it in a variable",
    "Задаёт вопрос, проверяет ответ и сохраняет его в переменную",
  ),
  config: z.object({
    text: messageText(),
    format: textFormat,
    answer: z
      .enum(answerTypes)
      .default("text")
      .meta(
        fieldMeta({
          label: text("Expected answer", "Ожидаемый ответ"),
          options: {
            text: text("Any text", "Любой текст"),
            number: text("Number", "Число"),
            email: text("Email", "Эл. почта"),
            phone: text("Phone number", "Номер телефона"),
            date: text("Date", "Дата"),
            choice: text("One of the choices", "Один из вариантов"),
          },
        }),
      ),
    choices: z
      .array(z.string().trim().min(1))
      .default([])
      .meta(
        fieldMeta({
          label: text("Choices", "Варианты"),
          help: text(
            "For “choice”: shown as reply buttons",
            "Для «выбора»: показываются как кнопки ответа",
          ),
          widget: "keywords",
        }),
      ),
    variable: variableName.default("answer").meta(
      fieldMeta({
        label: text("Save to variable", "Сохранить в переменную"),
        widget: "variable",
      }),
    ),
    retries: z
      .int()
      .min(0)
      .max(10)
      .default(2)
      .meta(
        fieldMeta({
          label: text("Retries", "Повторы"),
          help: text(
            "How often to ask again after an invalid answer",
            "Сколько раз переспросить после неверного ответа",
          ),
        }),
      ),
    retryText: z
      .string()
      .default("")
      .meta(fieldMeta({ label: text("Retry message", "Текст при ошибке"), widget: "variables" })),
    timeoutMinutes: z
      .int()
      .min(0)
      .max(60 * 24 * 30)
      .default(0)
      .meta(
        fieldMeta({
          label: text("Timeout, minutes", "Тайм-аут, минуты"),
          help: text("0: wait for ever", "0 — ждать бесконечно"),
        }),
      ),
  }),
  outcomesHelp: text(
    "next and invalid; timeout too when a timeout is set",
    "next и invalid; timeout — если задан тайм-аут",
  ),
  outcomes: (config) => [
    { id: "next", label: text("Answered", "Ответ получен"), mayEnd: true },
    { id: "invalid", label: text("Invalid", "Неверный ответ"), mayEnd: true },
    ...(config.timeoutMinutes > 0
      ? [{ id: "timeout", label: text("Timeout", "Тайм-аут"), mayEnd: true }]
      : []),
  ],
  summary: (config, locale) =>
    `${excerpt(config.text, 40) || (locale === "ru" ? "(без вопроса)" : "(no question)")} → {{${config.variable}}}`,
  check: (config) => [
    ...checkMessageText(config.text, false, ["text"]),
    ...(config.answer === "choice"
      ? requiredValue(config.choices, ["choices"], text("Choices", "Варианты"))
      : []),
  ],
});
