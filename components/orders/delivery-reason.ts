"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";

const known = [
  "out_of_stock",
  "no_file",
  "no_secret",
  "method_unavailable",
  "external_failed",
  "not_channel_admin",
  "lms_refused",
  "product_deleted",
  "contact_deleted",
  "revoked",
  "no_order",
] as const;

/** A delivery failure's code (lib/delivery) in words; an unknown one is shown as it is. */
export function useDeliveryReason(): (reason: string | null | undefined) => string {
  const t = useTranslations("orders.reasons");
  return useCallback(
    (reason) => {
      const code = known.find((k) => k === reason);
      return code ? t(code) : t("other", { reason: reason ?? "?" });
    },
    [t],
  );
}
