import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { messageText } from "../messageFields";
import { checkMessageText } from "../telegramLimits";

export const catalogNode = defineNode({
  type: "catalog",
  category: "commerce",
  icon: "store",
  label: text("Catalog", "Каталог"),
  description: text(
    "Shows products as buttons and waits for a pick",
    "Показывает товары кнопками и ждёт выбора",
  ),
  config: z.object({
    text: messageText("Choose a product:"),
    productIds: z
      .array(z.string().min(1))
      .default([])
      .meta(
        fieldMeta({
          label: text("Products", "Товары"),
          help: text("Empty: every active product of the workspace", "Пусто — все активные товары"),
          widget: "product",
        }),
      ),
  }),
  outcomes: [
    { id: "selected", label: text("Picked", "Выбран"), mayEnd: false },
    // No active products to show: the flow may simply stop.
    { id: "empty", label: text("Nothing to show", "Нет товаров"), mayEnd: true },
  ],
  summary: (config, locale) =>
    config.productIds.length === 0
      ? locale === "ru"
        ? "все товары"
        : "all products"
      : locale === "ru"
        ? `товаров: ${config.productIds.length}`
        : `${config.productIds.length} products`,
  check: (config) => checkMessageText(config.text, false, ["text"]),
});
