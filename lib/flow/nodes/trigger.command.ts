import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";

export const triggerCommandNode = defineNode({
  type: "trigger.command",
  category: "trigger",
  icon: "square-slash",
  label: text("Command", "Команда"),
  description: text(
    "Runs when a user sends /<command>",
    "Срабатывает, когда пользователь отправляет /<команда>",
  ),
  config: z.object({
    // Telegram bot commands: 1–32 characters, lowercase English letters, digits and underscores.
    command: z
      .string()
      .regex(/^[a-z0-9_]{1,32}$/, "1–32 lowercase letters, digits or _")
      .refine((command) => command !== "start", "Use the Start trigger for /start")
      .default("help")
      .meta(
        fieldMeta({
          label: text("Command", "Команда"),
          help: text("Without the slash", "Без косой черты"),
        }),
      ),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: false }],
  summary: (config) => `/${config.command}`,
});
