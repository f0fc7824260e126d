import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { messageMedia, messageText, textFormat } from "../messageFields";
import { checkMessageText } from "../telegramLimits";
import { excerpt } from "../excerpt";

export const messageNode = defineNode({
  type: "message",
  category: "messaging",
  icon: "message-square",
  label: text("Message", "Сообщение"),
  description: text(
    "Sends text, optionally with a photo, video or file",
    "Отправляет текст, можно с фото, видео или файлом",
  ),
  config: z.object({
    text: messageText(),
    format: textFormat,
    media: messageMedia,
    disablePreview: z
      .boolean()
      .default(false)
      .meta(fieldMeta({ label: text("No link preview", "Без превью ссылок") })),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: true }],
  summary: (config, locale) =>
    excerpt(config.text) || (locale === "ru" ? "(пустое сообщение)" : "(empty message)"),
  check: (config) => checkMessageText(config.text, config.media !== undefined, ["text"]),
});
