"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { formatMoney, isCurrencyCode } from "@/lib/money/currency";

/**
 * Amounts in the reader's language, as text (for sentences and dialogs); a currency Botshop does
 * not know is shown as stored. Stars are spelled out ("150 Telegram Stars") rather than
 * formatMoney's ⭐, which is an empty box where no emoji font is installed. In tables and
 * headers, <Price> draws the star instead.
 */
export function useMoney() {
  const locale = useLocale();
  const t = useTranslations("products");
  return useCallback(
    (minor: number, currency: string) =>
      currency === "XTR"
        ? `${new Intl.NumberFormat(locale).format(minor)} ${t("starsCurrency")}`
        : isCurrencyCode(currency)
          ? formatMoney(minor, currency, locale)
          : `${minor} ${currency}`,
    [locale, t],
  );
}
