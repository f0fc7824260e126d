import { z } from "zod";
import { callbackData } from "../callbackData";
import type { NodeCheck } from "../defineNode";
import { defineNode } from "../defineNode";
import { excerpt } from "../excerpt";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { textFormat } from "../messageFields";
import { requiredValue } from "../requiredValue";
import { checkMessageText, telegramLimits } from "../telegramLimits";

const entry = z.object({
  question: z
    .string()
    .trim()
    .default("")
    .meta(
      fieldMeta({
        label: text("Question", "Вопрос"),
        help: text(
          "The button the customer can tap, e.g. “How do I get my file?”. Empty: answered by keywords only",
          "Кнопка, которую можно нажать, например «Как получить файл?». Пусто — только по ключевым словам",
        ),
      }),
    ),
  keywords: z
    .array(z.string().trim().min(1))
    .default([])
    .meta(
      fieldMeta({
        label: text("Keywords and synonyms", "Ключевые слова и синонимы"),
        help: text(
          "One per line; synonyms on one line with commas: “delivery, download, receive”. Words written together must all be in the message: “money back”. Any word form counts",
          "По одному на строку; синонимы — в одной строке через запятую: «доставка, получить, скачать». Слова, написанные вместе, должны все быть в сообщении: «вернуть деньги». Форма слова не важна",
        ),
        widget: "keywords",
      }),
    ),
  answer: z
    .string()
    .default("")
    .meta(fieldMeta({ label: text("Answer", "Ответ"), widget: "variables" })),
});

export const faqNode = defineNode({
  type: "faq",
  category: "support",
  icon: "circle-question-mark",
  label: text("FAQ", "Частые вопросы"),
  description: text(
    "Answers the user's question by keywords or a question button, or takes the fallback",
    "Отвечает на вопрос по ключевым словам или по кнопке вопроса, иначе уходит в запасную ветку",
  ),
  config: z.object({
    prompt: z
      .string()
      .default("")
      .meta(
        fieldMeta({
          label: text("Invitation to ask", "Приглашение задать вопрос"),
          help: text(
            "Sent when the flow reaches the node, e.g. “Ask your question”. Empty: say nothing and wait for the question",
            "Отправляется, когда сценарий доходит до узла, например «Задайте вопрос». Пусто — ничего не писать и ждать вопроса",
          ),
          widget: "variables",
        }),
      ),
    format: textFormat,
    showQuestions: z
      .boolean()
      .default(true)
      .meta(
        fieldMeta({
          label: text("Questions as buttons", "Вопросы кнопками"),
          help: text(
            "The invitation carries a button for each question; a tap answers it",
            "Под приглашением — кнопка на каждый вопрос; нажатие даёт ответ",
          ),
        }),
      ),
    entries: z
      .array(entry)
      .default([])
      .meta(
        fieldMeta({
          label: text("Questions and answers", "Вопросы и ответы"),
          help: text(
            "Messages no entry answers are listed under Inbox → Unanswered questions",
            "Сообщения, на которые нет ответа, собираются во «Входящих» → «Вопросы без ответа»",
          ),
        }),
      ),
  }),
  outcomes: [
    { id: "answered", label: text("Answered", "Ответ дан"), mayEnd: true },
    // Nobody answered the question: leaving it unwired would ignore the customer.
    { id: "fallback", label: text("No match", "Нет ответа"), mayEnd: false },
  ],
  summary: (config, locale) =>
    excerpt(config.prompt, 40) ||
    (locale === "ru" ? `ответов: ${config.entries.length}` : `${config.entries.length} answers`),
  check: (config, { nodeId }) => [
    ...requiredValue(
      config.entries,
      ["entries"],
      text("Questions and answers", "Вопросы и ответы"),
    ),
    ...checkQuestionButtons(config, nodeId),
    ...config.entries.flatMap((e, i) => [
      ...checkMessageText(e.answer, false, ["entries", i, "answer"]),
      ...(e.keywords.length === 0 && !(config.showQuestions && e.question)
        ? requiredValue(e.keywords, ["entries", i, "keywords"], text("Keywords", "Ключевые слова"))
        : []),
    ]),
  ],
});

/** The entries shown as buttons under the invitation (those with a question), in order. */
export function questionButtons(config: {
  showQuestions: boolean;
  entries: readonly { question: string }[];
}): { index: number; question: string }[] {
  if (!config.showQuestions) return [];
  return config.entries.flatMap((e, index) =>
    e.question ? [{ index, question: e.question }] : [],
  );
}

const utf8 = new TextEncoder();

function checkQuestionButtons(
  config: Parameters<typeof questionButtons>[0] & { prompt: string },
  nodeId: string,
): NodeCheck[] {
  const buttons = questionButtons(config);
  const problems: NodeCheck[] = [];
  if (config.prompt.trim() !== "")
    problems.push(...checkMessageText(config.prompt, false, ["prompt"]));
  else if (buttons.length)
    problems.push({
      severity: "error",
      code: "text_empty",
      path: ["prompt"],
      message: text(
        "The questions are shown as buttons under the invitation, so it needs a text",
        "Вопросы показываются кнопками под приглашением, поэтому у него должен быть текст",
      ),
    });
  if (!buttons.length) return problems;
  if (buttons.length > telegramLimits.buttons)
    problems.push({
      severity: "error",
      code: "too_many_buttons",
      path: ["entries"],
      message: text(
        `At most ${telegramLimits.buttons} questions can be buttons (there are ${buttons.length}); turn off “Questions as buttons” or leave some questions empty`,
        `Кнопками можно показать не больше ${telegramLimits.buttons} вопросов (сейчас ${buttons.length}); выключите «Вопросы кнопками» или оставьте часть вопросов пустыми`,
      ),
    });
  const last = buttons.at(-1)!;
  const bytes = utf8.encode(callbackData(nodeId, String(last.index))).length;
  if (bytes > telegramLimits.callbackDataBytes)
    problems.push({
      severity: "error",
      code: "callback_data_too_long",
      path: [],
      message: text(
        `The node id is too long for question buttons (${bytes} bytes of callback data; Telegram allows ${telegramLimits.callbackDataBytes}). Use a shorter id`,
        `Идентификатор узла слишком длинный для кнопок вопросов (${bytes} байт callback_data, Telegram допускает ${telegramLimits.callbackDataBytes}). Сократите идентификатор`,
      ),
    });
  return problems;
}
