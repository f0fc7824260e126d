import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { excerpt } from "../excerpt";

export const handoffNode = defineNode({
  type: "handoff",
  category: "support",
  icon: "headset",
  label: text("Hand off to agent", "Передать оператору"),
  description: text(
    "Puts the conversation in the inbox for an agent; the bot stays silent until it is released",
    "Отправляет диалог в «Входящие» оператору; бот молчит, пока диалог не вернут",
  ),
  config: z.object({
    text: z
      .string()
      .default("")
      .meta(
        fieldMeta({
          label: text("Message to the user", "Сообщение пользователю"),
          help: text("Empty: say nothing", "Пусто — ничего не писать"),
          widget: "variables",
        }),
      ),
    note: z
      .string()
      .default("")
      .meta(
        fieldMeta({ label: text("Note for agents", "Заметка для операторов"), widget: "textarea" }),
      ),
  }),
  outcomes: [
    { id: "released", label: text("Released by agent", "Возвращён оператором"), mayEnd: true },
  ],
  summary: (config, locale) =>
    excerpt(config.note || config.text) || (locale === "ru" ? "в «Входящие»" : "to the inbox"),
});
