import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";

export const triggerEventNode = defineNode({
  type: "trigger.event",
  category: "trigger",
  icon: "webhook",
  label: text("External event", "Внешнее событие"),
  description: text(
    "Runs when your system posts an event for a contact to /api/v1/events",
    "Срабатывает, когда ваша система отправляет событие по контакту в /api/v1/events",
  ),
  config: z.object({
    event: z
      .string()
      .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, "Dotted lowercase name, e.g. payout.credited")
      .max(100)
      .default("payout.credited")
      .meta(
        fieldMeta({
          label: text("Event type", "Тип события"),
          help: text(
            "The `type` your system sends, e.g. payout.credited",
            "Поле `type`, которое присылает ваша система, например payout.credited",
          ),
        }),
      ),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: false }],
  summary: (config) => config.event,
});
