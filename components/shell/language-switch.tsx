"use client";

import { Languages } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { isLocale, locales } from "@/lib/i18n/config";
import { useSwitchLocale } from "./use-switch-locale";

/** A compact language choice for pages without the user menu (sign-in, sign-up, invites). */
export function LanguageSwitch({ className }: { className?: string }) {
  const t = useTranslations("common");
  const current = useLocale();
  const { switchLocale, pending } = useSwitchLocale();
  return (
    <div
      role="group"
      aria-label={t("language")}
      className={cn("inline-flex items-center gap-1 text-sm", className)}
    >
      <Languages className="mr-1 size-4 text-slate-400" aria-hidden />
      {locales.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={current === locale}
          disabled={pending}
          onClick={() => isLocale(locale) && switchLocale(locale)}
          className={cn(
            "rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900",
            current === locale &&
              "bg-white font-medium text-slate-900 shadow-sm ring-1 ring-slate-200",
          )}
        >
          {t(`languages.${locale}`)}
        </button>
      ))}
    </div>
  );
}
