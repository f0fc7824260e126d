import { BookOpen, Clock, LinkIcon, Undo2 } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { clientIpFrom } from "@/lib/api/client-ip";
import { getDb } from "@/lib/db";
import { openCoursePage } from "@/lib/delivery/course-page";
import { linkify } from "@/lib/delivery/linkify";

export async function generateMetadata(): Promise<Metadata> {
  // The address is the buyer's key: never indexed, never sent on as a referrer.
  return {
    title: (await getTranslations("course"))("title"),
    robots: { index: false, follow: false },
    referrer: "no-referrer",
  };
}

/**
 * A course bought with the built-in page (lib/delivery/methods/course.ts): public, reached by
 * the token in the buyer's link. The owner's page content is plain text; addresses in it become
 * links and nothing else is markup.
 */
export default async function CoursePage(props: { params: Promise<{ token: string }> }) {
  const { token } = await props.params;
  const h = await headers();
  const page = await openCoursePage(await getDb(), token, {
    ip: clientIpFrom((name) => h.get(name)),
    userAgent: h.get("user-agent"),
  });
  const t = await getTranslations("course");
  if (!page.ok) {
    const Icon = page.why === "revoked" ? Undo2 : page.why === "expired" ? Clock : LinkIcon;
    return (
      <Shell>
        <Card className="w-full max-w-md p-8 text-center">
          <Icon className="mx-auto size-12 text-slate-400" aria-hidden />
          <h1 className="mt-4 text-xl font-semibold text-slate-900">{t(`${page.why}.title`)}</h1>
          <p className="mt-2 text-sm text-slate-600">{t(`${page.why}.text`)}</p>
          {page.title && (
            <p className="mt-6 rounded-md bg-slate-50 px-4 py-3 text-sm font-medium text-slate-700">
              {page.title}
            </p>
          )}
        </Card>
      </Shell>
    );
  }
  return (
    <Shell>
      <Card className="w-full max-w-2xl p-8">
        <div className="flex items-center gap-3">
          <BookOpen className="size-8 shrink-0 text-brand-600" aria-hidden />
          <h1 className="text-2xl font-semibold text-slate-900">{page.title}</h1>
        </div>
        {page.content.trim() ? (
          <div className="mt-6 text-[15px] leading-relaxed break-words whitespace-pre-wrap text-slate-800">
            {linkify(page.content).map((piece, i) =>
              "href" in piece ? (
                <a
                  key={i}
                  href={piece.href}
                  rel="noopener noreferrer nofollow"
                  target="_blank"
                  className="text-brand-700 underline underline-offset-2 hover:text-brand-800"
                >
                  {piece.text}
                </a>
              ) : (
                <span key={i}>{piece.text}</span>
              ),
            )}
          </div>
        ) : (
          <p className="mt-6 text-sm text-slate-600">{t("empty")}</p>
        )}
        <p className="mt-8 border-t border-slate-100 pt-4 text-xs text-slate-500">{t("private")}</p>
      </Card>
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 via-slate-50 to-slate-50 px-4 py-10">
      {children}
    </div>
  );
}
