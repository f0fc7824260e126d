import { Ban, Clock, Download, FileQuestion, FileText, Hourglass } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { formatBytes } from "@/components/files/format-bytes";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { clientIpFrom } from "@/lib/api/client-ip";
import { consumeRateLimit, rateLimitRules } from "@/lib/auth/rate-limit";
import { getDb } from "@/lib/db";
import { describeDownload, type RefusedWhy } from "@/lib/delivery/download";

export async function generateMetadata(): Promise<Metadata> {
  return {
    title: (await getTranslations("download"))("title"),
    robots: { index: false, follow: false },
    referrer: "no-referrer",
  };
}

const refusedIcons: Record<RefusedWhy | "limited", typeof Ban> = {
  used: Ban,
  expired: Clock,
  revoked: Ban,
  unknown: FileQuestion,
  limited: Hourglass,
};

/**
 * A download link from the bot. Opening it counts nothing — Telegram's link preview, a mail
 * scanner or a browser's prefetch may load it — the Download button posts to /d/{token}/file,
 * which counts one download and sends the file (lib/delivery/download.ts).
 */
export default async function DownloadPage(props: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ refused?: string }>;
}) {
  const [{ token }, { refused }] = await Promise.all([props.params, props.searchParams]);
  const t = await getTranslations("download");
  const locale = await getLocale();
  const db = await getDb();
  const h = await headers();
  const limited =
    (await consumeRateLimit(
      db,
      `download:ip:${clientIpFrom((n) => h.get(n))}`,
      rateLimitRules.download,
    )) > 0;
  const found = limited ? null : await describeDownload(db, token);
  const why: RefusedWhy | "limited" | null = limited
    ? "limited"
    : !found!.ok
      ? found!.why
      : refused === "used" || refused === "expired" || refused === "revoked"
        ? refused
        : null;

  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 via-slate-50 to-slate-50 px-4">
      <Card className="w-full max-w-md p-8 text-center">
        {why || !found?.ok ? (
          <Refused why={why ?? "unknown"} title={found && !found.ok ? found.title : undefined} />
        ) : (
          <>
            <FileText className="mx-auto size-12 text-brand-600" aria-hidden />
            <h1 className="mt-4 text-xl font-semibold text-slate-900">{t("ready.heading")}</h1>
            <p className="mt-6 rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700">
              <span className="font-medium">{found.info.title}</span>
              {found.info.file && (
                <span className="mt-1 block break-all text-slate-500">
                  {found.info.file.name} · {formatBytes(found.info.file.size, locale)}
                </span>
              )}
            </p>
            <p className="mt-4 text-sm font-medium text-slate-700">
              {found.info.left === null
                ? t("ready.unlimited")
                : t("ready.left", { left: found.info.left })}
            </p>
            {found.info.delivery.expiresAt && (
              <p className="mt-1 text-sm text-slate-600">
                {t("ready.until", {
                  date: new Intl.DateTimeFormat(locale, {
                    dateStyle: "medium",
                    timeStyle: "short",
                  }).format(found.info.delivery.expiresAt),
                })}
              </p>
            )}
            <form method="post" action={`/d/${token}/file`} className="mt-6">
              <Button type="submit" className="w-full">
                <Download className="size-4" aria-hidden />
                {t("ready.button")}
              </Button>
            </form>
            <p className="mt-3 text-xs text-slate-500">{t("ready.note")}</p>
          </>
        )}
      </Card>
    </div>
  );
}

async function Refused({ why, title }: { why: RefusedWhy | "limited"; title?: string }) {
  const t = await getTranslations("download");
  const Icon = refusedIcons[why];
  return (
    <>
      <Icon className="mx-auto size-12 text-slate-400" aria-hidden />
      <h1 className="mt-4 text-xl font-semibold text-slate-900">{t(`refused.${why}.title`)}</h1>
      {title && <p className="mt-2 text-sm font-medium text-slate-700">{title}</p>}
      <p className="mt-2 text-sm text-slate-600">{t(`refused.${why}.text`)}</p>
    </>
  );
}
