"use client";

import { useLocale } from "next-intl";
import { useCallback } from "react";
import { formatMoney, isCurrencyCode } from "@/lib/money/currency";

/** Amounts in the reader's language; a currency Botshop does not know is shown as stored. */
export function useMoney() {
  const locale = useLocale();
  return useCallback(
    (minor: number, currency: string) =>
      isCurrencyCode(currency) ? formatMoney(minor, currency, locale) : `${minor} ${currency}`,
    [locale],
  );
}
