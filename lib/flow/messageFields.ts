import { z } from "zod";
import { fieldMeta } from "./fieldMeta";
import { text } from "./localizedText";

/** Telegram's parse_mode choices; `plain` sends no parse_mode. */
export const textFormat = z
  .enum(["plain", "markdown", "html"])
  .default("plain")
  .meta(
    fieldMeta({
      label: text("Formatting", "Форматирование"),
      help: text(
        "How Telegram reads *bold*, links and so on",
        "Как Telegram понимает *жирный*, ссылки и т. п.",
      ),
      options: {
        plain: text("Plain text", "Обычный текст"),
        markdown: text("Markdown", "Markdown"),
        html: text("HTML", "HTML"),
      },
    }),
  );

/** The text field; the default is what a freshly dropped node shows. */
export const messageText = (defaultText = "") =>
  z
    .string()
    .default(defaultText)
    .meta(
      fieldMeta({
        label: text("Text", "Текст"),
        help: text(
          "Insert variables as {{contact.first_name}}",
          "Переменные вставляются как {{contact.first_name}}",
        ),
        widget: "variables",
      }),
    );

/** Media sent with the text (which becomes its caption): a URL or a Telegram file_id. */
export const messageMedia = z
  .object({
    kind: z
      .enum(["photo", "video", "document", "audio", "animation"])
      .default("photo")
      .meta(
        fieldMeta({
          label: text("Kind", "Тип"),
          options: {
            photo: text("Photo", "Фото"),
            video: text("Video", "Видео"),
            document: text("File", "Файл"),
            audio: text("Audio", "Аудио"),
            animation: text("GIF animation", "GIF-анимация"),
          },
        }),
      ),
    source: z
      .string()
      .min(1)
      .meta(
        fieldMeta({
          label: text("File", "Файл"),
          help: text("A URL or a Telegram file_id", "URL или file_id в Telegram"),
          widget: "url",
        }),
      ),
  })
  .optional()
  .meta(fieldMeta({ label: text("Media", "Медиа") }));
