import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { productSource } from "../productSource";
import { requiredValue } from "../requiredValue";

export const deliverNode = defineNode({
  type: "deliver",
  category: "commerce",
  icon: "package-check",
  label: text("Deliver", "Выдать товар"),
  description: text(
    "Issues the paid product once: link, file, key, course or channel access, as set on the product",
    "Выдаёт оплаченный товар один раз: ссылка, файл, ключ, курс или доступ в канал — как настроено в товаре",
  ),
  config: z.object({
    ...productSource,
    text: z
      .string()
      .default("")
      .meta(
        fieldMeta({
          label: text("Message", "Сообщение"),
          help: text(
            "Sent with the goods; empty: the product's own text",
            "Отправляется вместе с товаром; пусто — текст из товара",
          ),
          widget: "variables",
        }),
      ),
  }),
  outcomes: [
    { id: "delivered", label: text("Delivered", "Выдан"), mayEnd: true },
    // The buyer has paid: running out of keys or a failing LMS must lead to a reply or a human.
    { id: "failed", label: text("Failed", "Ошибка"), mayEnd: false },
  ],
  summary: (config, locale) =>
    config.product === "fixed"
      ? config.productId || "?"
      : locale === "ru"
        ? "оплаченный товар"
        : "paid product",
  check: (config) =>
    config.product === "fixed"
      ? requiredValue(config.productId, ["productId"], text("Fixed product", "Конкретный товар"))
      : [],
});
