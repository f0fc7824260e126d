import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { requiredValue } from "../requiredValue";

export const gotoNode = defineNode({
  type: "goto",
  category: "logic",
  icon: "corner-down-right",
  label: text("Go to flow", "Перейти в сценарий"),
  description: text(
    "Continues in another flow of the same bot",
    "Продолжает в другом сценарии того же бота",
  ),
  config: z.object({
    flowId: z
      .string()
      .default("")
      .meta(fieldMeta({ label: text("Flow", "Сценарий"), widget: "flow" })),
  }),
  // The path continues in the other flow: there is nothing to wire here.
  outcomes: [],
  summary: (config, locale) =>
    config.flowId || (locale === "ru" ? "(сценарий не выбран)" : "(no flow chosen)"),
  check: (config) => requiredValue(config.flowId, ["flowId"], text("Flow", "Сценарий")),
});
