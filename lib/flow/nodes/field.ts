import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { requiredValue } from "../requiredValue";

export const fieldNode = defineNode({
  type: "field",
  category: "integrations",
  icon: "id-card",
  label: text("Contact field", "Поле контакта"),
  description: text(
    "Stores a value in a field of the contact's card",
    "Записывает значение в поле карточки контакта",
  ),
  config: z.object({
    field: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$|^$/, "Letters, digits and _, not starting with a digit")
      .max(64)
      .default("")
      .meta(fieldMeta({ label: text("Field", "Поле") })),
    value: z
      .string()
      .default("")
      .meta(
        fieldMeta({
          label: text("Value", "Значение"),
          help: text("Empty: clear the field", "Пусто — очистить поле"),
          widget: "variables",
        }),
      ),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: true }],
  summary: (config) => `${config.field || "?"} = ${config.value}`.trim(),
  check: (config) => requiredValue(config.field, ["field"], text("Field", "Поле")),
});
