import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Brand } from "@/components/shell/brand";
import { LanguageSwitch } from "@/components/shell/language-switch";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("common");
  return (
    <div className="flex min-h-screen flex-col bg-gradient-to-b from-brand-50 via-slate-50 to-slate-50">
      <header className="flex items-center justify-between px-4 py-4 sm:px-8">
        <Link href="/" className="rounded-sm">
          <Brand name={t("appName")} />
        </Link>
        <LanguageSwitch />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:items-center sm:pt-0">
        <div className="w-full max-w-md">{children}</div>
      </main>
      <footer className="px-4 pb-6 text-center text-xs text-slate-500">{t("tagline")}</footer>
    </div>
  );
}
