"use client";

import { AlertTriangle, RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "./button";

/** What a failed query shows in place of its content, with a way to try again. */
export function ErrorState({ message, onRetry }: { message?: string; onRetry: () => void }) {
  const t = useTranslations("common");
  return (
    <div role="alert" className="flex flex-col items-center px-6 py-10 text-center">
      <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-red-50 text-red-600">
        <AlertTriangle className="size-5" aria-hidden />
      </div>
      <p className="text-sm font-medium text-slate-900">{t("loadFailed")}</p>
      {message ? <p className="mt-1 max-w-md text-sm text-slate-500">{message}</p> : null}
      <Button variant="secondary" size="sm" className="mt-4" onClick={onRetry}>
        <RotateCw aria-hidden />
        {t("retry")}
      </Button>
    </div>
  );
}
