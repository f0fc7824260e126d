import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";

export const conditionOperators = [
  "eq",
  "neq",
  "contains",
  "gt",
  "gte",
  "lt",
  "lte",
  "empty",
  "not_empty",
  "has_tag",
] as const;

const operatorSymbols: Record<(typeof conditionOperators)[number], string> = {
  eq: "=",
  neq: "≠",
  contains: "∋",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  empty: "is empty",
  not_empty: "is not empty",
  has_tag: "has tag",
};

export const conditionNode = defineNode({
  type: "condition",
  category: "logic",
  icon: "git-branch",
  label: text("Condition", "Условие"),
  description: text(
    "Goes one way if the rules hold, the other way if not",
    "Идёт по одной ветке, если условия выполнены, иначе — по другой",
  ),
  config: z.object({
    match: z
      .enum(["all", "any"])
      .default("all")
      .meta(
        fieldMeta({
          label: text("Match", "Совпадение"),
          help: text("All rules or any rule", "Все правила или любое"),
          options: {
            all: text("All rules", "Все правила"),
            any: text("Any rule", "Любое правило"),
          },
        }),
      ),
    rules: z
      .array(
        z.object({
          left: z
            .string()
            .min(1)
            .meta(fieldMeta({ label: text("Value", "Значение"), widget: "variables" })),
          operator: z
            .enum(conditionOperators)
            .default("eq")
            .meta(
              fieldMeta({
                label: text("Operator", "Оператор"),
                options: {
                  eq: text("equals", "равно"),
                  neq: text("does not equal", "не равно"),
                  contains: text("contains", "содержит"),
                  gt: text("greater than", "больше"),
                  gte: text("greater than or equal to", "больше или равно"),
                  lt: text("less than", "меньше"),
                  lte: text("less than or equal to", "меньше или равно"),
                  empty: text("is empty", "пусто"),
                  not_empty: text("is not empty", "не пусто"),
                  has_tag: text("has tag", "есть метка"),
                },
              }),
            ),
          right: z
            .string()
            .default("")
            .meta(
              fieldMeta({ label: text("Compared with", "С чем сравнить"), widget: "variables" }),
            ),
        }),
      )
      .default([])
      .meta(
        fieldMeta({
          label: text("Rules", "Правила"),
          help: text("No rules: always true", "Без правил — всегда «да»"),
        }),
      ),
  }),
  outcomes: [
    // Either branch may end: "if not a subscriber, do nothing" is a normal flow.
    { id: "true", label: text("Yes", "Да"), mayEnd: true },
    { id: "false", label: text("No", "Нет"), mayEnd: true },
  ],
  summary: (config, locale) =>
    config.rules.length === 0
      ? locale === "ru"
        ? "всегда «да»"
        : "always yes"
      : config.rules
          .map((r) => `${r.left} ${operatorSymbols[r.operator]} ${r.right}`.trim())
          .join(
            config.match === "all"
              ? locale === "ru"
                ? " и "
                : " and "
              : locale === "ru"
                ? " или "
                : " or ",
          ),
});
