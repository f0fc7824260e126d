import { z } from "zod";
import { variableName } from "../document";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { requiredValue } from "../requiredValue";

export const setNode = defineNode({
  type: "set",
  category: "logic",
  icon: "variable",
  label: text("Set variable", "Задать переменную"),
  description: text("Assigns values to flow variables", "Присваивает значения переменным сценария"),
  config: z.object({
    assignments: z
      .array(
        z.object({
          variable: variableName.meta(
            fieldMeta({ label: text("Variable", "Переменная"), widget: "variable" }),
          ),
          value: z
            .string()
            .default("")
            .meta(fieldMeta({ label: text("Value", "Значение"), widget: "variables" })),
        }),
      )
      .default([])
      .meta(fieldMeta({ label: text("Assignments", "Присваивания") })),
  }),
  outcomes: [{ id: "next", label: text("Next", "Далее"), mayEnd: true }],
  summary: (config) => config.assignments.map((a) => `${a.variable} = ${a.value}`).join("; "),
  check: (config) =>
    requiredValue(config.assignments, ["assignments"], text("Assignments", "Присваивания")),
});
