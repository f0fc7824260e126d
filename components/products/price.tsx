"use client";

import { Star } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney, isCurrencyCode } from "@/lib/money/currency";

/**
 * A product's price for the current locale. Stars get a drawn star instead of formatMoney's
 * "⭐" emoji, which renders as an empty box on machines without an emoji font.
 */
export function Price({ minor, currency }: { minor: number; currency: string }) {
  const locale = useLocale();
  const t = useTranslations("products");
  if (!isCurrencyCode(currency)) return <>{`${minor} ${currency}`}</>;
  if (currency !== "XTR") return <>{formatMoney(minor, currency, locale)}</>;
  return (
    <span className="inline-flex items-center gap-1">
      <Star className="size-3.5 fill-amber-400 text-amber-500" aria-hidden />
      {new Intl.NumberFormat(locale).format(minor)}
      <span className="sr-only"> {t("starsCurrency")}</span>
    </span>
  );
}
