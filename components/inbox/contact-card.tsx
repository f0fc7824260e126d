"use client";

import { AtSign, Ban, Globe, Link2, Phone, Workflow } from "lucide-react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useDateFormat } from "@/components/format/use-date-format";
import { OrderStatusBadge, TestBadge } from "@/components/orders/status-badge";
import { orderHref } from "@/components/orders/queries";
import { Price } from "@/components/products/price";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { OrderStatus } from "@/lib/payments/orders/status";
import type { ConversationCardDto } from "./queries";

const waitingKinds = new Set([
  "answer",
  "buttons",
  "catalog",
  "contact",
  "timer",
  "http",
  "payment",
  "deliver",
  "handoff",
]);

/** The right pane: who the contact is, what they bought, and where their flow is. */
export function ContactCard({
  card,
  canOpenOrders,
  className,
}: {
  card: ConversationCardDto;
  canOpenOrders: boolean;
  className?: string;
}) {
  const t = useTranslations("inbox.card");
  const locale = useLocale() === "ru" ? "ru" : "en";
  const dates = useDateFormat();
  const c = card.contact;
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ");
  const fields = Object.entries(c.fields);
  const section = (title: string, children: React.ReactNode) => (
    <section className="border-t border-slate-100 px-4 py-3">
      <h3 className="mb-2 text-xs font-medium tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );

  return (
    <aside aria-label={t("label")} className={cn("min-h-0 overflow-y-auto bg-white", className)}>
      <div className="px-4 py-4">
        <p className="text-base font-semibold text-slate-900">{name}</p>
        <ul className="mt-2 space-y-1 text-sm text-slate-600">
          {c.username ? (
            <li className="flex items-center gap-2">
              <AtSign className="size-4 text-slate-400" aria-hidden />
              <a
                href={`https://t.me/${encodeURIComponent(c.username)}`}
                target="_blank"
                rel="noreferrer"
                className="hover:underline"
              >
                {c.username}
              </a>
            </li>
          ) : null}
          <li className="flex items-center gap-2">
            <Phone className="size-4 text-slate-400" aria-hidden />
            {c.phone ?? <span className="text-slate-400">{t("noPhone")}</span>}
          </li>
          {c.languageCode ? (
            <li className="flex items-center gap-2">
              <Globe className="size-4 text-slate-400" aria-hidden />
              {c.languageCode}
            </li>
          ) : null}
          {c.startPayload ? (
            <li className="flex items-center gap-2" title={t("startPayload")}>
              <Link2 className="size-4 text-slate-400" aria-hidden />
              <code className="truncate text-xs">{c.startPayload}</code>
            </li>
          ) : null}
        </ul>
        {c.blocked ? (
          <Badge tone="danger" className="mt-3">
            <Ban className="size-3" aria-hidden />
            {t("blocked")}
          </Badge>
        ) : null}
        <p className="mt-2 text-xs text-slate-400">
          {t("since", { date: dates.date(c.createdAt) })}
        </p>
      </div>

      {card.handoff
        ? section(
            t("handoff"),
            <div className="space-y-1 text-sm">
              <p className="text-slate-700">
                {t(`source.${card.handoff.source}`)} · {dates.ago(card.handoff.requestedAt)}
              </p>
              {card.handoff.note ? (
                <p className="rounded-md bg-amber-50 px-2 py-1.5 text-amber-900">
                  {card.handoff.note}
                </p>
              ) : null}
            </div>,
          )
        : null}

      {section(
        t("flow"),
        card.session?.flowName ? (
          <div className="flex items-start gap-2 text-sm">
            <Workflow className="mt-0.5 size-4 shrink-0 text-slate-400" aria-hidden />
            <div className="min-w-0">
              <p className="font-medium text-slate-800">{card.session.flowName}</p>
              {card.session.node ? (
                <p className="text-slate-600">
                  {card.session.node.label[locale]}
                  {card.session.node.summary[locale] ? (
                    <span className="text-slate-500"> — {card.session.node.summary[locale]}</span>
                  ) : null}
                </p>
              ) : (
                <p className="text-slate-500">{t("flowEnded")}</p>
              )}
              {card.session.waiting ? (
                <p className="mt-0.5 text-xs text-slate-500">
                  {t("waitingFor", {
                    kind: waitingKinds.has(card.session.waiting)
                      ? t(`waitingKinds.${card.session.waiting}`)
                      : card.session.waiting,
                  })}
                </p>
              ) : null}
            </div>
          </div>
        ) : (
          <p className="text-sm text-slate-500">{t("noFlow")}</p>
        ),
      )}

      {section(
        t("tags"),
        c.tags.length ? (
          <div className="flex flex-wrap gap-1">
            {c.tags.map((tag) => (
              <Badge key={tag} tone="brand">
                {tag}
              </Badge>
            ))}
          </div>
        ) : (
          <p className="text-sm text-slate-500">{t("noTags")}</p>
        ),
      )}

      {fields.length || c.externalId
        ? section(
            t("fields"),
            <dl className="space-y-1 text-sm">
              {c.externalId ? (
                <div className="flex justify-between gap-2">
                  <dt className="text-slate-500">{t("externalId")}</dt>
                  <dd className="truncate font-mono text-xs text-slate-800">{c.externalId}</dd>
                </div>
              ) : null}
              {fields.map(([k, v]) => (
                <div key={k} className="flex justify-between gap-2">
                  <dt className="truncate text-slate-500">{k}</dt>
                  <dd className="truncate text-slate-800">{v}</dd>
                </div>
              ))}
            </dl>,
          )
        : null}

      {section(
        t("orders"),
        card.orders.length ? (
          <ul className="space-y-2">
            {card.orders.map((o) => (
              <li key={o.id} className="text-sm">
                <div className="flex items-start justify-between gap-2">
                  {canOpenOrders ? (
                    <Link
                      href={orderHref(o.id)}
                      className="min-w-0 truncate font-medium text-slate-800 hover:text-brand-700 hover:underline"
                    >
                      {o.title}
                    </Link>
                  ) : (
                    <span className="min-w-0 truncate font-medium text-slate-800">{o.title}</span>
                  )}
                  <span className="shrink-0 tabular-nums text-slate-700">
                    <Price minor={o.amountMinor} currency={o.currency} />
                  </span>
                </div>
                <div className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-slate-500">
                  <OrderStatusBadge status={o.status as OrderStatus} />
                  {o.test ? <TestBadge /> : null}
                  <span>{dates.date(o.createdAt)}</span>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">{t("noOrders")}</p>
        ),
      )}
    </aside>
  );
}
