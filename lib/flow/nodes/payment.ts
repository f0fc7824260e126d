import { z } from "zod";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { productSource } from "../productSource";
import { requiredValue } from "../requiredValue";

export const paymentProviders = ["stars", "telegram", "stripe", "yookassa"] as const;

export const paymentNode = defineNode({
  type: "payment",
  category: "commerce",
  icon: "credit-card",
  label: text("Payment", "Оплата"),
  description: text(
    "Creates an order and takes payment; continues only on a verified provider event",
    "Создаёт заказ и принимает оплату; продолжает только по подтверждённому событию провайдера",
  ),
  config: z.object({
    ...productSource,
    provider: z
      .enum(paymentProviders)
      .default("stars")
      .meta(
        fieldMeta({
          label: text("Provider", "Провайдер"),
          help: text(
            "Telegram requires Stars (XTR) for digital goods sold inside Telegram",
            "Для цифровых товаров внутри Telegram он требует Stars (XTR)",
          ),
          options: {
            stars: text("Telegram Stars (XTR)", "Telegram Stars (XTR)"),
            telegram: text("Telegram Payments (card)", "Telegram Payments (карта)"),
            stripe: text("Stripe", "Stripe"),
            yookassa: text("YooKassa", "ЮKassa"),
          },
        }),
      ),
    text: z
      .string()
      .max(1024)
      .default("")
      .meta(
        fieldMeta({
          label: text("Message with the pay button", "Сообщение с кнопкой оплаты"),
          help: text(
            "For a checkout link (Stripe, YooKassa). Empty: the product and its price",
            "Для ссылки на оплату (Stripe, ЮKassa). Пусто — товар и цена",
          ),
          widget: "variables",
        }),
      ),
    buttonText: z
      .string()
      .max(64)
      .default("")
      .meta(
        fieldMeta({
          label: text("Pay button", "Кнопка оплаты"),
          help: text("Empty: “Pay 499.00 RUB”", "Пусто — «Оплатить 499,00 RUB»"),
        }),
      ),
    timeoutMinutes: z
      .int()
      .min(5)
      .max(60 * 24 * 7)
      .default(30)
      .meta(fieldMeta({ label: text("Pay within, minutes", "Оплатить за, минут") })),
  }),
  // Money is involved on every path: the customer must always hear what happened.
  outcomes: [
    { id: "paid", label: text("Paid", "Оплачено"), mayEnd: false },
    { id: "failed", label: text("Failed", "Ошибка"), mayEnd: false },
    { id: "canceled", label: text("Canceled", "Отменено"), mayEnd: false },
    { id: "timeout", label: text("Timeout", "Тайм-аут"), mayEnd: false },
  ],
  summary: (config, locale) =>
    `${config.provider} · ${config.product === "fixed" ? config.productId || "?" : locale === "ru" ? "выбранный товар" : "picked product"}`,
  check: (config) =>
    config.product === "fixed"
      ? requiredValue(config.productId, ["productId"], text("Fixed product", "Конкретный товар"))
      : [],
});
