"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type SettingsTab =
  "general" | "members" | "apiKeys" | "payments" | "events" | "webhooks" | "alerts" | "account";

const hrefs: Record<SettingsTab, string> = {
  general: "/settings",
  members: "/settings/members",
  apiKeys: "/settings/api-keys",
  payments: "/settings/payments",
  events: "/settings/events",
  webhooks: "/settings/webhooks",
  alerts: "/settings/alerts",
  account: "/settings/account",
};

/** The settings sections the member may open, as tabs (they scroll sideways on phones). */
export function SettingsNav({ tabs }: { tabs: SettingsTab[] }) {
  const t = useTranslations("settings.nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="-mx-4 mb-6 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-slate-200">
        {tabs.map((tab) => {
          const href = hrefs[tab];
          // A section's own pages (an endpoint's delivery log) keep its tab lit.
          const active =
            pathname === href || (href !== "/settings" && pathname.startsWith(`${href}/`));
          return (
            <li key={tab}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                  active
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
                )}
              >
                {t(tab)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
