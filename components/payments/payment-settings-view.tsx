"use client";

import { useQuery } from "@tanstack/react-query";
import { Star } from "lucide-react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import { providerKinds } from "@/lib/payments/providers/keys";
import { ProviderCard } from "./provider-card";
import { providersQuery } from "./queries";

/** Settings → Payments: a card per provider, Telegram Stars last (it needs no setup). */
export function PaymentSettingsView() {
  const t = useTranslations("payments");
  const tc = useTranslations("common");
  const providers = useQuery(providersQuery);

  return (
    <section aria-labelledby="payments-title" className="space-y-4">
      <div>
        <h2 id="payments-title" className="text-lg font-semibold text-slate-900">
          {t("title")}
        </h2>
        <p className="mt-1 text-sm text-slate-500">{t("description")}</p>
      </div>
      {providers.isPending ? (
        <Card>
          <SkeletonRows rows={3} label={tc("loading")} />
        </Card>
      ) : providers.isError ? (
        <Card>
          <ErrorState onRetry={() => void providers.refetch()} />
        </Card>
      ) : (
        providerKinds.map((kind) => (
          <ProviderCard
            key={kind}
            kind={kind}
            provider={providers.data.find((p) => p.kind === kind)}
          />
        ))
      )}
      <Card aria-labelledby="provider-stars">
        <CardHeader>
          <div className="flex flex-wrap items-center gap-2">
            <Star className="size-4 text-amber-500" aria-hidden />
            <CardTitle id="provider-stars">{t("kinds.stars")}</CardTitle>
            <Badge tone="success">{t("starsReady")}</Badge>
          </div>
          <p className="text-sm text-slate-500">{t("starsText")}</p>
        </CardHeader>
      </Card>
    </section>
  );
}
