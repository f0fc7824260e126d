import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { messageText, textFormat } from "../messageFields";
import { checkInlineKeyboard, checkMessageText } from "../telegramLimits";
import { excerpt } from "../excerpt";

const button = z.object({
  /** The outcome id and part of the callback_data; keep it short (64-byte limit). */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, _ and -")
    .meta(fieldMeta({ label: text("Id", "Идентификатор") })),
  text: z
    .string()
    .default("")
    .meta(fieldMeta({ label: text("Caption", "Надпись") })),
  url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta(
      fieldMeta({
        label: text("Link", "Ссылка"),
        help: text(
          "Opens the link instead of continuing the flow",
          "Открывает ссылку вместо продолжения сценария",
        ),
        widget: "url",
      }),
    ),
  sameRow: z
    .boolean()
    .default(false)
    .meta(fieldMeta({ label: text("Same row as previous", "В одном ряду с предыдущей") })),
});

export const buttonsNode = defineNode({
  type: "buttons",
  category: "messaging",
  icon: "rectangle-horizontal",
  label: text("Buttons", "Кнопки"),
  description: text(
    "Sends a message with inline buttons and waits for a press; one outcome per button",
    "Отправляет сообщение с кнопками и ждёт нажатия; у каждой кнопки свой выход",
  ),
  config: z
    .object({
      text: messageText(),
      format: textFormat,
      buttons: z
        .array(button)
        .default([
          { id: "yes", text: "Yes", sameRow: false },
          { id: "no", text: "No", sameRow: true },
        ])
        .meta(fieldMeta({ label: text("Buttons", "Кнопки") })),
    })
    .superRefine((config, ctx) => {
      const seen = new Set<string>();
      config.buttons.forEach((b, i) => {
        if (seen.has(b.id))
          ctx.addIssue({
            code: "custom",
            path: ["buttons", i, "id"],
            message: `Duplicate button id "${b.id}"`,
          });
        seen.add(b.id);
      });
    }),
  // Link buttons open a page; Telegram sends no callback for them, so they have no outcome.
  outcomesHelp: text(
    "One per button without a link, named by the button id",
    "По одному на каждую кнопку без ссылки, с идентификатором кнопки",
  ),
  outcomes: (config) =>
    config.buttons
      .filter((b) => !b.url)
      .map((b) => ({ id: b.id, label: { en: b.text || b.id, ru: b.text || b.id }, mayEnd: false })),
  summary: (config, locale) =>
    excerpt(config.text) ||
    (locale === "ru" ? `${config.buttons.length} кнопок` : `${config.buttons.length} buttons`),
  check: (config, { nodeId }) => [
    ...checkMessageText(config.text, false, ["text"]),
    ...checkInlineKeyboard(nodeId, config.buttons, ["buttons"]),
  ],
});
