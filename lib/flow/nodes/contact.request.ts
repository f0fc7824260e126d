import { z } from "zod";
import { defineNode } from "../defineNode";
import { text } from "../localizedText";
import { messageText } from "../messageFields";
import { checkMessageText } from "../telegramLimits";
import { excerpt } from "../excerpt";
import { fieldMeta } from "../fieldMeta";

export const contactRequestNode = defineNode({
  type: "contact.request",
  category: "messaging",
  icon: "contact",
  label: text("Request phone", "Запрос телефона"),
  description: text(
    "Asks the user to share their phone number with a button; only their own contact counts",
    "Просит пользователя поделиться номером кнопкой; засчитывается только собственный контакт",
  ),
  config: z.object({
    text: messageText("Please share your phone number"),
    buttonText: z
      .string()
      .default("Share phone")
      .meta(fieldMeta({ label: text("Button caption", "Надпись на кнопке") })),
  }),
  outcomes: [
    { id: "shared", label: text("Shared", "Поделился"), mayEnd: true },
    // Someone else's contact or plain text: Telegram lets users forward any contact card.
    { id: "invalid", label: text("Not shared", "Не поделился"), mayEnd: true },
  ],
  summary: (config) => excerpt(config.text),
  check: (config) => [
    ...checkMessageText(config.text, false, ["text"]),
    ...(config.buttonText.trim() === ""
      ? [
          {
            severity: "error" as const,
            code: "button_text_empty",
            path: ["buttonText"],
            message: text("A button needs a caption", "У кнопки должна быть надпись"),
          },
        ]
      : []),
  ],
});
