import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";

export const triggerStartNode = defineNode({
  type: "trigger.start",
  category: "trigger",
  icon: "play",
  label: text("Start", "Старт"),
  description: text(
    "Runs when a user opens the bot or follows a t.me/<bot>?start=<payload> link",
    "Срабатывает, когда пользователь открывает бота или переходит по ссылке t.me/<bot>?start=<payload>",
  ),
  config: z.object({
    // Telegram's deep-link start parameter: up to 64 of A–Z, a–z, 0–9, _ and -.
    payload: z
      .string()
      .regex(/^[A-Za-z0-9_-]*$/, "Only letters, digits, _ and -")
      .max(64)
      .default("")
      .meta(
        fieldMeta({
          label: text("Deep-link payload", "Параметр ссылки"),
          help: text(
            "Empty: a plain /start. Otherwise only links with this payload",
            "Пусто — обычный /start; иначе только ссылки с этим параметром",
          ),
        }),
      ),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: false }],
  summary: (config, locale) =>
    config.payload
      ? `/start ${config.payload}`
      : locale === "ru"
        ? "/start без параметра"
        : "/start without payload",
});
