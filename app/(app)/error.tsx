"use client";

import { AlertTriangle, RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

/** A page that failed to render keeps the shell around it and offers a retry. */
export default function SignedInError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const t = useTranslations("common");
  return (
    <Card>
      <EmptyState
        icon={AlertTriangle}
        title={t("pageFailed")}
        text={error.digest ? t("pageFailedRef", { ref: error.digest }) : t("genericError")}
        action={
          <Button variant="secondary" onClick={reset}>
            <RotateCw aria-hidden />
            {t("retry")}
          </Button>
        }
      />
    </Card>
  );
}
