"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { WebhookEndpointDto } from "@/lib/webhooks/dto";

/** Enabled, or disabled and why (by staff, or after deliveries failed in a row). */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpointDto }) {
  const t = useTranslations("webhooks.status");
  if (endpoint.enabled)
    return (
      <span className="flex flex-col items-start gap-0.5">
        <Badge tone="success">{t("enabled")}</Badge>
        {endpoint.consecutiveFailures > 0 ? (
          <span className="text-xs text-amber-700">
            {t("failing", { count: endpoint.consecutiveFailures })}
          </span>
        ) : null}
      </span>
    );
  return (
    <span className="flex flex-col items-start gap-0.5">
      <Badge tone={endpoint.disabledReason === "failures" ? "danger" : "neutral"}>
        {t("disabled")}
      </Badge>
      <span className="text-xs text-slate-500">
        {endpoint.disabledReason === "failures"
          ? t("disabledFailures", { count: endpoint.consecutiveFailures })
          : t("disabledManual")}
      </span>
    </span>
  );
}
