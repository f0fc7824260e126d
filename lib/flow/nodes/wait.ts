import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";

const unitNames = {
  en: { minutes: "min", hours: "h", days: "d" },
  ru: { minutes: "мин", hours: "ч", days: "дн" },
} as const;

export const waitNode = defineNode({
  type: "wait",
  category: "logic",
  icon: "timer",
  label: text("Wait", "Пауза"),
  description: text(
    "Pauses the flow for a while; survives restarts (a durable timer)",
    "Приостанавливает сценарий на время; переживает перезапуски (надёжный таймер)",
  ),
  config: z.object({
    amount: z
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .meta(fieldMeta({ label: text("Duration", "Длительность") })),
    unit: z
      .enum(["minutes", "hours", "days"])
      .default("hours")
      .meta(
        fieldMeta({
          label: text("Unit", "Единица"),
          options: {
            minutes: text("Minutes", "Минуты"),
            hours: text("Hours", "Часы"),
            days: text("Days", "Дни"),
          },
        }),
      ),
  }),
  // Waiting and then doing nothing is always a mistake, so `next` must lead somewhere.
  outcomes: [{ id: "next", label: text("Then", "Затем"), mayEnd: false }],
  summary: (config, locale) => `${config.amount} ${unitNames[locale][config.unit]}`,
});
