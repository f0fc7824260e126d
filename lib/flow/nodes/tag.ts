import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { requiredValue } from "../requiredValue";

export const tagNode = defineNode({
  type: "tag",
  category: "integrations",
  icon: "tag",
  label: text("Tag contact", "Метка контакта"),
  description: text("Adds or removes tags on the contact", "Добавляет или снимает метки контакта"),
  config: z.object({
    action: z
      .enum(["add", "remove"])
      .default("add")
      .meta(
        fieldMeta({
          label: text("Action", "Действие"),
          options: {
            add: text("Add tags", "Добавить метки"),
            remove: text("Remove tags", "Снять метки"),
          },
        }),
      ),
    tags: z
      .array(z.string().trim().min(1).max(64))
      .default([])
      .meta(fieldMeta({ label: text("Tags", "Метки"), widget: "keywords" })),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: true }],
  summary: (config) => `${config.action === "add" ? "+" : "−"} ${config.tags.join(", ")}`.trim(),
  check: (config) => requiredValue(config.tags, ["tags"], text("Tags", "Метки")),
});
