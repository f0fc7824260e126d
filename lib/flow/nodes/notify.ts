import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { requiredValue } from "../requiredValue";
import { checkMessageText } from "../telegramLimits";
import { excerpt } from "../excerpt";

export const notifyNode = defineNode({
  type: "notify",
  category: "integrations",
  icon: "bell-ring",
  label: text("Notify staff", "Уведомить команду"),
  description: text(
    "Sends a message to a staff chat or channel",
    "Отправляет сообщение в рабочий чат или канал",
  ),
  config: z.object({
    chatId: z
      .string()
      .regex(/^(-?\d+|@[A-Za-z0-9_]{5,32})?$/, "A numeric chat id or @channelname")
      .default("")
      .meta(
        fieldMeta({
          label: text("Chat", "Чат"),
          help: text(
            "Numeric chat id or @channel; the bot must be a member",
            "Числовой id чата или @канал; бот должен в нём состоять",
          ),
        }),
      ),
    text: z
      .string()
      .default("")
      .meta(fieldMeta({ label: text("Text", "Текст"), widget: "variables" })),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: true }],
  summary: (config) => `${config.chatId || "?"}: ${excerpt(config.text, 40)}`,
  check: (config) => [
    ...requiredValue(config.chatId, ["chatId"], text("Chat", "Чат")),
    ...checkMessageText(config.text, false, ["text"]),
  ],
});
