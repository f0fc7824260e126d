"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, MessagesSquare, ShieldAlert, UserX } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { ApiRequestError } from "@/components/api/request";
import { useDateFormat } from "@/components/format/use-date-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { fieldClass } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { FieldsEditor, TagsEditor, useContactPatch } from "./contact-editors";
import { ContactTimeline } from "./contact-timeline";
import { EraseDialog } from "./erase-dialog";
import { contactQuery, initials, type ContactDetailDto } from "./queries";

export function ContactView({
  id,
  canEdit,
  canManage,
}: {
  id: string;
  canEdit: boolean;
  canManage: boolean;
}) {
  const t = useTranslations("contacts");
  const contact = useQuery(contactQuery(id));

  if (contact.isPending)
    return (
      <div className="space-y-4" role="status" aria-label={t("contact.loading")}>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  if (contact.isError)
    return contact.error instanceof ApiRequestError && contact.error.status === 404 ? (
      <EmptyState
        icon={UserX}
        title={t("contact.notFound")}
        text={t("contact.notFoundText")}
        action={
          <Button asChild variant="secondary">
            <Link href="/contacts">{t("contact.back")}</Link>
          </Button>
        }
      />
    ) : (
      <ErrorState onRetry={() => void contact.refetch()} />
    );

  const c = contact.data;
  const erased = !!c.erasedAt;
  return (
    <div className="space-y-4">
      <Link
        href="/contacts"
        className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-900"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("contact.back")}
      </Link>
      <HeaderCard contact={c} canEdit={canEdit && !erased} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <div className="space-y-4">
          {erased ? null : (
            <>
              <TagsEditor contact={c} canEdit={canEdit} />
              <FieldsEditor contact={c} canEdit={canEdit} />
            </>
          )}
          {canManage && !erased ? <DangerZone contact={c} /> : null}
        </div>
        <ContactTimeline id={c.id} />
      </div>
    </div>
  );
}

function HeaderCard({ contact: c, canEdit }: { contact: ContactDetailDto; canEdit: boolean }) {
  const t = useTranslations("contacts.contact");
  const dates = useDateFormat();
  const patch = useContactPatch(c.id);
  const zones = useMemo(() => {
    try {
      return Intl.supportedValuesOf("timeZone");
    } catch {
      return ["UTC", "Europe/Moscow"];
    }
  }, []);
  const facts: [string, React.ReactNode][] = [
    [
      t("telegramId"),
      <span key="id" className="font-mono">
        {c.telegramId}
      </span>,
    ],
    [t("bot"), c.bot.username ? `${c.bot.name} (@${c.bot.username})` : c.bot.name],
    [t("language"), c.languageCode ?? "—"],
    [t("phone"), c.phone ?? "—"],
    [t("externalId"), c.externalId ?? "—"],
    [t("startPayload"), c.startPayload ?? "—"],
    [t("created"), dates.dateTime(c.createdAt)],
    [t("lastActivity"), dates.dateTime(c.lastActivityAt)],
    [t("orders"), String(c.ordersCount)],
  ];
  return (
    <Card>
      <CardContent className="flex flex-col gap-5 pt-5 md:flex-row">
        <div className="flex min-w-0 flex-1 gap-4">
          <span
            aria-hidden
            className="flex size-14 shrink-0 items-center justify-center rounded-full bg-brand-100 text-lg font-semibold text-brand-700"
          >
            {initials(c.name)}
          </span>
          <div className="min-w-0 flex-1">
            <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold text-slate-900">
              <span className="truncate">{c.name || "—"}</span>
              {c.erasedAt ? <Badge tone="danger">{t("erased")}</Badge> : null}
              {c.blocked ? <Badge tone="danger">{t("blocked")}</Badge> : null}
              {c.test ? <Badge tone="warning">{t("test")}</Badge> : null}
            </h1>
            {c.username ? <p className="text-sm text-slate-500">@{c.username}</p> : null}
            {c.erasedAt ? (
              <p className="mt-1 text-sm text-slate-600">
                {t("erasedText", { at: dates.dateTime(c.erasedAt) })}
              </p>
            ) : null}
            <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 xl:grid-cols-3">
              {facts.map(([k, v]) => (
                <div key={k} className="min-w-0">
                  <dt className="text-xs text-slate-500">{k}</dt>
                  <dd className="truncate text-slate-800">{v}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
        <div className="flex w-full shrink-0 flex-col gap-3 md:w-64">
          {c.conversationId && !c.erasedAt ? (
            <Button asChild variant="secondary">
              <Link href={`/inbox?c=${encodeURIComponent(c.conversationId)}`}>
                <MessagesSquare aria-hidden />
                {t("openInbox")}
              </Link>
            </Button>
          ) : null}
          {canEdit ? (
            <>
              <label className="flex items-start gap-2.5 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600"
                  checked={c.test}
                  disabled={patch.isPending}
                  onChange={(e) => patch.mutate({ test: e.target.checked })}
                />
                <span>
                  <span className="font-medium text-slate-800">{t("testLabel")}</span>
                  <span className="block text-xs text-slate-500">{t("testHint")}</span>
                </span>
              </label>
              <label className="flex flex-col gap-1 text-sm">
                <span className="font-medium text-slate-800">{t("timeZone")}</span>
                <select
                  className={cn(fieldClass, "h-9")}
                  value={c.timeZone ?? ""}
                  disabled={patch.isPending}
                  onChange={(e) => patch.mutate({ timeZone: e.target.value || null })}
                >
                  <option value="">{t("workspaceZone")}</option>
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
              </label>
            </>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}

function DangerZone({ contact }: { contact: ContactDetailDto }) {
  const t = useTranslations("contacts.erase");
  const [open, setOpen] = useState(false);
  return (
    <Card className="border-red-200">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-red-700">
          <ShieldAlert className="size-4" aria-hidden />
          {t("zone")}
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-3">
        <p className="text-sm text-slate-600">{t("zoneText")}</p>
        <Button variant="destructive" onClick={() => setOpen(true)}>
          {t("open")}
        </Button>
        <EraseDialog contact={contact} open={open} onOpenChange={setOpen} />
      </CardContent>
    </Card>
  );
}
