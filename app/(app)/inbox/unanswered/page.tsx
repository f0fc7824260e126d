import type { Metadata } from "next";
import { ArrowLeft, MessageCircleQuestionMark } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { requireWorkspace } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { listUnanswered } from "@/lib/support/unanswered";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("unanswered"))("title") };
}

const LIMIT = 200;

export default async function UnansweredPage() {
  const { workspace } = await requireWorkspace("/inbox/unanswered", "inbox.use");
  const t = await getTranslations("unanswered");
  const format = await getFormatter();
  const { questions, repeated } = await listUnanswered(await getDb(), workspace.id, {
    limit: LIMIT,
  });
  const now = new Date();
  const when = (at: Date) => (
    <time
      dateTime={at.toISOString()}
      title={t("utc", { time: format.dateTime(at, { dateStyle: "medium", timeStyle: "short" }) })}
    >
      {format.relativeTime(at, now)}
    </time>
  );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button variant="secondary" asChild>
            <Link href="/inbox">
              <ArrowLeft aria-hidden />
              {t("backToInbox")}
            </Link>
          </Button>
        }
      />
      {questions.length === 0 ? (
        <Card>
          <EmptyState
            icon={MessageCircleQuestionMark}
            title={t("empty.title")}
            text={t("empty.text")}
            action={
              can(workspace.role, "flows.read") ? (
                <Button asChild>
                  <Link href="/bots">{t("empty.toBots")}</Link>
                </Button>
              ) : undefined
            }
          />
        </Card>
      ) : (
        <div className="space-y-6">
          {repeated.length > 0 ? (
            <Card>
              <CardHeader>
                <CardTitle>{t("repeated.title")}</CardTitle>
                <CardDescription>{t("repeated.description")}</CardDescription>
              </CardHeader>
              <ul className="divide-y divide-slate-100">
                {repeated.slice(0, 10).map((group) => (
                  <li key={group.text} className="flex items-start gap-3 px-5 py-3 text-sm">
                    <Badge tone="warning" className="mt-0.5 tabular-nums">
                      {t("repeated.count", { count: group.count })}
                    </Badge>
                    <div className="min-w-0 flex-1 sm:flex sm:items-baseline sm:gap-3">
                      <p className="break-words text-slate-900 sm:flex-1">{group.text}</p>
                      <p className="mt-0.5 text-xs text-slate-500 sm:mt-0 sm:shrink-0">
                        {t("repeated.last")} {when(group.lastAt)}
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <Card>
            <CardHeader>
              <CardTitle>{t("all.title")}</CardTitle>
              <CardDescription>
                {questions.length === LIMIT
                  ? t("all.latest", { count: LIMIT })
                  : t("all.count", { count: questions.length })}
              </CardDescription>
            </CardHeader>
            <Table aria-label={t("all.title")} stack>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("columns.question")}</TableHead>
                  <TableHead>{t("columns.contact")}</TableHead>
                  <TableHead>{t("columns.bot")}</TableHead>
                  <TableHead>{t("columns.when")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {questions.map((q) => (
                  <TableRow key={q.id}>
                    <TableCell label={t("columns.question")} className="max-w-md">
                      <p className="break-words whitespace-pre-wrap text-slate-900">{q.text}</p>
                    </TableCell>
                    <TableCell label={t("columns.contact")}>
                      {q.contactName ?? <span className="text-slate-400">{t("unknown")}</span>}
                    </TableCell>
                    <TableCell label={t("columns.bot")} className="whitespace-nowrap">
                      {q.botName ?? <span className="text-slate-400">{t("unknown")}</span>}
                    </TableCell>
                    <TableCell
                      label={t("columns.when")}
                      className="whitespace-nowrap text-slate-600"
                    >
                      {when(q.at)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Card>
        </div>
      )}
    </>
  );
}
