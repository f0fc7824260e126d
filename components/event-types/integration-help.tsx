"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import type { EventTypeDto } from "./event-type-dialog";

const sample: Record<string, unknown> = {
  string: "text",
  number: 42,
  money: 14500,
  datetime: "2026-11-24T09:43:00+03:00",
  boolean: true,
};

const noSubscribe = () => () => {};

/**
 * How the shop's system sends an event (docs/1c-integration.md, "Sending events"): a curl call
 * against this server, shaped like the first declared type.
 */
export function IntegrationHelp({ example }: { example?: EventTypeDto }) {
  const t = useTranslations("eventTypes.help");
  // The address this page is served from; the server renders a placeholder.
  const origin = useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => "https://botshop.example.com",
  );
  const data: Record<string, unknown> = {};
  for (const f of example?.fields ?? [{ name: "amount", type: "money" as const }]) {
    data[f.name] = sample[f.type];
    if (f.type === "money") data.currency ??= "RUB";
  }
  const body = {
    type: example?.name ?? "payout.credited",
    customer: { externalId: "1C-000123", phone: "+79001234567" },
    data,
    occurredAt: "2026-11-24T09:43:05+03:00",
  };
  const curl = [
    `curl -X POST ${origin}/api/v1/events \\`,
    `  -H "Authorization: Bearer $BOTSHOP_API_KEY" \\`,
    `  -H "Idempotency-Key: 1C-doc-000451" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify(body, null, 2).replace(/\n/g, "\n  ")}'`,
  ].join("\n");

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 text-sm text-slate-600">
        <ol className="list-inside list-decimal space-y-1">
          <li>{t("step1")}</li>
          <li>
            {t.rich("step2", {
              keys: (chunks) => (
                <Link
                  href="/settings/api-keys"
                  className="font-medium text-brand-600 hover:underline"
                >
                  {chunks}
                </Link>
              ),
            })}
          </li>
          <li>{t("step3")}</li>
          <li>{t("step4")}</li>
        </ol>
        <div className="relative">
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 pt-11 text-xs text-slate-100">
            <code>{curl}</code>
          </pre>
          <CopyButton value={curl} size="sm" className="absolute top-2 right-2" />
        </div>
        <p className="text-xs text-slate-500">
          {t.rich("more", {
            doc: (chunks) => <code className="font-mono">{chunks}</code>,
          })}
        </p>
      </CardContent>
    </Card>
  );
}
