import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";

export const splitNode = defineNode({
  type: "split",
  category: "logic",
  icon: "split",
  label: text("A/B split", "A/B-сплит"),
  description: text(
    "Sends each contact down one branch at random, by weight; a contact keeps its branch",
    "Случайно направляет контакт в одну из веток по весам; контакт остаётся в своей ветке",
  ),
  config: z
    .object({
      branches: z
        .array(
          z.object({
            id: z
              .string()
              .regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, _ and -")
              .meta(fieldMeta({ label: text("Id", "Идентификатор") })),
            label: z
              .string()
              .default("")
              .meta(fieldMeta({ label: text("Name", "Название") })),
            weight: z
              .int()
              .min(1)
              .max(100)
              .default(50)
              .meta(fieldMeta({ label: text("Weight", "Вес") })),
          }),
        )
        .min(2)
        .default([
          { id: "a", label: "A", weight: 50 },
          { id: "b", label: "B", weight: 50 },
        ])
        .meta(fieldMeta({ label: text("Branches", "Ветки") })),
    })
    .superRefine((config, ctx) => {
      const seen = new Set<string>();
      config.branches.forEach((b, i) => {
        if (seen.has(b.id))
          ctx.addIssue({
            code: "custom",
            path: ["branches", i, "id"],
            message: `Duplicate branch id "${b.id}"`,
          });
        seen.add(b.id);
      });
    }),
  outcomesHelp: text(
    "One per branch, named by the branch id",
    "По одному на ветку, с идентификатором ветки",
  ),
  outcomes: (config) =>
    config.branches.map((b) => ({
      id: b.id,
      label: { en: b.label || b.id, ru: b.label || b.id },
      mayEnd: false,
    })),
  summary: (config) => {
    const total = config.branches.reduce((sum, b) => sum + b.weight, 0);
    return config.branches
      .map((b) => `${b.label || b.id} ${Math.round((b.weight / total) * 100)}%`)
      .join(" / ");
  },
});
