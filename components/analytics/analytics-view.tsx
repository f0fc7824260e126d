"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { botsQuery } from "@/components/bots/queries";
import { useDateFormat } from "@/components/format/use-date-format";
import { Price } from "@/components/products/price";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { BarList, useFigures } from "./charts";
import { DAY, paramsOf, presets } from "./params";
import { analyticsQuery, type DashboardDto } from "./queries";

const ALL = "all";

export function AnalyticsView() {
  const t = useTranslations("analytics");
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const { custom, ...params } = paramsOf(search);
  const [editing, setEditing] = useState(custom);
  const dashboard = useQuery({ ...analyticsQuery(params), placeholderData: keepPreviousData });
  const bots = useQuery(botsQuery);

  function change(next: Record<string, string | undefined>) {
    const query = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v) query.set(k, v);
      else query.delete(k);
    }
    const qs = query.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card className="mb-6">
        <div
          role="search"
          aria-label={t("filters.label")}
          className="flex flex-wrap items-end gap-x-6 gap-y-3 p-4"
        >
          <div className="space-y-1.5">
            <span className="block text-xs font-medium text-slate-500">{t("filters.period")}</span>
            <div role="group" aria-label={t("filters.period")} className="flex gap-1">
              {presets.map((n) => (
                <Chip
                  key={n}
                  pressed={!custom && !editing && params.days === n}
                  onClick={() => {
                    setEditing(false);
                    change({ days: String(n), from: undefined, to: undefined, bucket: undefined });
                  }}
                >
                  {t("filters.days", { n })}
                </Chip>
              ))}
              <Chip pressed={custom || editing} onClick={() => setEditing(true)}>
                {t("filters.custom")}
              </Chip>
            </div>
          </div>
          {custom || editing ? (
            <CustomRange
              key={`${params.from}-${params.to}`}
              from={params.from ?? dashboard.data?.range.from ?? ""}
              to={params.to ?? dashboard.data?.range.to ?? ""}
              onApply={(from, to) =>
                change({ from, to, days: undefined, bucket: search.get("bucket") ?? undefined })
              }
            />
          ) : null}
          <div className="w-48 space-y-1.5">
            <Label htmlFor="analytics-bot" className="text-xs text-slate-500">
              {t("filters.bot")}
            </Label>
            <Select
              value={params.botId ?? ALL}
              onValueChange={(v) => change({ bot: v === ALL ? undefined : v })}
            >
              <SelectTrigger id="analytics-bot">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>{t("filters.allBots")}</SelectItem>
                {(bots.data ?? []).map((bot) => (
                  <SelectItem key={bot.id} value={bot.id}>
                    {bot.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="space-y-1.5">
            <span className="block text-xs font-medium text-slate-500">{t("filters.bucket")}</span>
            <div role="group" aria-label={t("filters.bucket")} className="flex gap-1">
              {(["day", "week"] as const).map((b) => (
                <Chip key={b} pressed={params.bucket === b} onClick={() => change({ bucket: b })}>
                  {t(`filters.${b}`)}
                </Chip>
              ))}
            </div>
          </div>
        </div>
      </Card>

      {dashboard.isPending ? (
        <DashboardSkeleton label={t("loading")} />
      ) : dashboard.isError ? (
        <Card>
          <ErrorState message={dashboard.error.message} onRetry={() => void dashboard.refetch()} />
        </Card>
      ) : (
        <div
          className={cn("transition-opacity", dashboard.isPlaceholderData && "opacity-60")}
          aria-busy={dashboard.isFetching}
        >
          <Dashboard data={dashboard.data} />
        </div>
      )}
    </>
  );
}

function Chip({
  pressed,
  onClick,
  children,
}: {
  pressed: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={cn(
        "h-9 rounded-md border px-3 text-sm font-medium whitespace-nowrap transition-colors",
        pressed
          ? "border-brand-600 bg-brand-600 text-white"
          : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
      )}
    >
      {children}
    </button>
  );
}

function CustomRange({
  from: initialFrom,
  to: initialTo,
  onApply,
}: {
  from: string;
  to: string;
  onApply: (from: string, to: string) => void;
}) {
  const t = useTranslations("analytics.filters");
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const valid = DAY.test(from) && DAY.test(to) && from <= to;
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onApply(from, to);
      }}
    >
      <DayField id="analytics-from" label={t("from")} value={from} onChange={setFrom} max={to} />
      <DayField id="analytics-to" label={t("to")} value={to} onChange={setTo} min={from} />
      <Button type="submit" variant="secondary" disabled={!valid}>
        {t("apply")}
      </Button>
    </form>
  );
}

/** One end of the custom range: a labelled date input bounded by the other end. */
function DayField({
  id,
  label,
  value,
  onChange,
  min,
  max,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  min?: string;
  max?: string;
}) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id} className="text-xs text-slate-500">
        {label}
      </Label>
      <Input
        id={id}
        type="date"
        value={value}
        min={min || undefined}
        max={max || undefined}
        onChange={(e) => onChange(e.target.value)}
        className="w-40"
      />
    </div>
  );
}

function DashboardSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Card key={i} className="space-y-3 p-5">
            <Skeleton className="h-3 w-24" />
            <Skeleton className="h-7 w-32" />
          </Card>
        ))}
      </div>
      {Array.from({ length: 2 }, (_, i) => (
        <Card key={i} className="space-y-3 p-5">
          <Skeleton className="h-4 w-40" />
          {Array.from({ length: 6 }, (_, j) => (
            <div key={j} className="flex items-center gap-3">
              <Skeleton className="h-3.5 w-20" />
              <Skeleton className="h-3.5 flex-1" />
              <Skeleton className="h-3.5 w-16" />
            </div>
          ))}
        </Card>
      ))}
    </div>
  );
}

function isQuiet(d: DashboardDto): boolean {
  return (
    d.revenue.length === 0 &&
    d.ordersByStatus.every((s) => s.count === 0) &&
    d.contacts.new === 0 &&
    d.broadcasts.items.length === 0 &&
    d.events.received === 0 &&
    d.agents.agents.length === 0 &&
    d.agents.unassigned === 0
  );
}

function Dashboard({ data: d }: { data: DashboardDto }) {
  const t = useTranslations("analytics");
  const f = useFigures();
  const bucketLabel = (bucket: string) =>
    d.range.bucket === "week" ? t("weekOf", { date: f.day(bucket) }) : f.day(bucket);
  const paidOrders = d.revenue.reduce((sum, r) => sum + r.orders, 0);

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-500">
        {t("range", {
          from: f.fullDay(d.range.from),
          to: f.fullDay(d.range.to),
          timeZone: d.range.timeZone,
        })}
      </p>
      <section aria-label={t("title")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Figure label={t("cards.revenue")}>
          {d.revenue.length ? (
            <ul className="space-y-0.5 overflow-x-auto text-xl whitespace-nowrap">
              {d.revenue.map((r) => (
                <li key={r.currency}>
                  <Price minor={r.amountMinor} currency={r.currency} />
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-slate-400">{t("cards.noRevenue")}</span>
          )}
        </Figure>
        <Figure label={t("cards.paidOrders")}>{f.number(paidOrders)}</Figure>
        <Figure label={t("cards.newContacts")}>{f.number(d.contacts.new)}</Figure>
        <Figure
          label={t("cards.openConversations")}
          detail={t("cards.openDetail", {
            waiting: f.number(d.conversations.waiting),
            assigned: f.number(d.conversations.assigned),
          })}
        >
          {f.number(d.conversations.open)}
        </Figure>
      </section>

      {isQuiet(d) ? (
        <Card>
          <EmptyState icon={BarChart3} title={t("empty.title")} text={t("empty.text")} />
        </Card>
      ) : (
        <>
          <Panel title={t("revenue.title")} description={t("revenue.description")}>
            {d.revenue.length ? (
              <div className="grid gap-6 lg:grid-cols-2">
                {d.revenue.map((r) => (
                  <div key={r.currency} className="min-w-0">
                    <h3 className="mb-2 flex items-baseline gap-2 text-sm">
                      <span className="font-semibold text-slate-900">
                        <Price minor={r.amountMinor} currency={r.currency} />
                      </span>
                      <span className="text-slate-500">{t("revenue.orders", { n: r.orders })}</span>
                    </h3>
                    <BarList
                      label={`${t("cards.revenue")} ${r.currency}`}
                      className="max-h-96 overflow-y-auto pr-1"
                      bars={r.series.map((p) => ({
                        key: p.bucket,
                        label: bucketLabel(p.bucket),
                        value: p.amountMinor,
                        text: <Price minor={p.amountMinor} currency={r.currency} />,
                      }))}
                    />
                  </div>
                ))}
              </div>
            ) : (
              <Quiet>{t("revenue.empty")}</Quiet>
            )}
          </Panel>

          <div className="grid gap-6 lg:grid-cols-2">
            <OrdersByStatus data={d} />
            <Funnel funnel={d.funnel} />
          </div>

          <div className="grid gap-6 lg:grid-cols-2">
            <Panel title={t("products.title")} flush>
              {d.topProducts.length ? (
                <Table aria-label={t("products.title")}>
                  <TableHeader>
                    <TableRow>
                      <TableHead>{t("products.product")}</TableHead>
                      <TableHead className="text-right">{t("products.orders")}</TableHead>
                      <TableHead className="text-right">{t("products.revenue")}</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {d.topProducts.map((p) => (
                      <TableRow key={`${p.productId}-${p.currency}`}>
                        <TableCell className="max-w-56 truncate font-medium text-slate-900">
                          {p.title}
                        </TableCell>
                        <TableCell className="text-right tabular-nums">
                          {f.number(p.orders)}
                        </TableCell>
                        <TableCell className="text-right whitespace-nowrap tabular-nums">
                          <Price minor={p.amountMinor} currency={p.currency} />
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              ) : (
                <Quiet className="p-5">{t("products.empty")}</Quiet>
              )}
            </Panel>
            <Panel title={t("contacts.title")}>
              {d.contacts.new ? (
                <BarList
                  label={t("contacts.title")}
                  tone="emerald"
                  className="max-h-96 overflow-y-auto pr-1"
                  bars={d.contacts.series.map((p) => ({
                    key: p.bucket,
                    label: bucketLabel(p.bucket),
                    value: p.count,
                    text: f.number(p.count),
                  }))}
                />
              ) : (
                <Quiet>{t("contacts.empty")}</Quiet>
              )}
            </Panel>
          </div>

          <Broadcasts data={d} />
          <Events events={d.events} />
          <Agents agents={d.agents} />
        </>
      )}
    </div>
  );
}

function Figure({
  label,
  detail,
  children,
}: {
  label: string;
  detail?: string;
  children: React.ReactNode;
}) {
  return (
    <Card className="p-5">
      <div className="text-sm text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
        {children}
      </div>
      {detail ? <div className="mt-1 text-xs text-slate-500">{detail}</div> : null}
    </Card>
  );
}

function Panel({
  title,
  description,
  flush,
  children,
}: {
  title: string;
  description?: string;
  flush?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      {flush ? children : <CardContent>{children}</CardContent>}
    </Card>
  );
}

function Quiet({ className, children }: { className?: string; children: React.ReactNode }) {
  return <p className={cn("text-sm text-slate-500", className)}>{children}</p>;
}

function OrdersByStatus({ data: d }: { data: DashboardDto }) {
  const t = useTranslations("analytics");
  const to = useTranslations("orders");
  const f = useFigures();
  const any = d.ordersByStatus.some((s) => s.count > 0);
  return (
    <Panel title={t("statuses.title")} description={t("statuses.description")}>
      {any ? (
        <BarList
          label={t("statuses.title")}
          tone="slate"
          bars={d.ordersByStatus.map((s) => ({
            key: s.status,
            label: to(`status.${s.status}`),
            value: s.count,
            text: f.number(s.count),
          }))}
        />
      ) : (
        <Quiet>{t("statuses.empty")}</Quiet>
      )}
    </Panel>
  );
}

function Funnel({ funnel }: { funnel: DashboardDto["funnel"] }) {
  const t = useTranslations("analytics.funnel");
  const f = useFigures();
  const steps = ["started", "checkout", "paid", "delivered"] as const;
  return (
    <Panel title={t("title")} description={t("description")}>
      {funnel.started ? (
        <BarList
          label={t("title")}
          bars={steps.map((step) => ({
            key: step,
            label: t(step),
            value: funnel[step],
            text: f.number(funnel[step]),
            detail:
              step === "started"
                ? undefined
                : t("ofStarted", { percent: f.percent(funnel[step] / funnel.started) }),
          }))}
        />
      ) : (
        <Quiet>{t("empty")}</Quiet>
      )}
    </Panel>
  );
}

function Broadcasts({ data: d }: { data: DashboardDto }) {
  const t = useTranslations("analytics.broadcasts");
  const f = useFigures();
  const dates = useDateFormat();
  const { totals, items } = d.broadcasts;
  return (
    <Panel title={t("title")} description={t("description")} flush>
      {items.length ? (
        <>
          <dl className="grid grid-cols-2 gap-4 border-b border-slate-100 p-5 sm:grid-cols-5">
            <Stat label={t("recipients")} value={f.number(totals.recipients)} />
            <Stat label={t("sent")} value={f.number(totals.sent)} />
            <Stat label={t("failed")} value={f.number(totals.failed)} />
            <Stat label={t("blocked")} value={f.number(totals.blocked)} />
            <Stat label={t("clicks")} value={f.number(totals.clicks)} />
          </dl>
          <Table aria-label={t("title")}>
            <TableHeader>
              <TableRow>
                <TableHead>{t("name")}</TableHead>
                <TableHead>{t("started")}</TableHead>
                <TableHead className="text-right">{t("recipients")}</TableHead>
                <TableHead className="text-right">{t("sent")}</TableHead>
                <TableHead className="text-right">{t("failed")}</TableHead>
                <TableHead className="text-right">{t("blocked")}</TableHead>
                <TableHead className="text-right">{t("clicks")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((b) => (
                <TableRow key={b.id}>
                  <TableCell className="max-w-56 truncate font-medium text-slate-900">
                    {b.name}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-slate-500">
                    {dates.dateTime(b.startedAt)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{f.number(b.total)}</TableCell>
                  <TableCell className="text-right tabular-nums">{f.number(b.sent)}</TableCell>
                  <TableCell className="text-right tabular-nums">{f.number(b.failed)}</TableCell>
                  <TableCell className="text-right tabular-nums">{f.number(b.blocked)}</TableCell>
                  <TableCell className="text-right whitespace-nowrap tabular-nums">
                    {f.number(b.clicks)}
                    <span className="ml-1.5 text-xs text-slate-500">
                      {t("clickers", { n: b.clickers })}
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      ) : (
        <Quiet className="p-5">{t("empty")}</Quiet>
      )}
    </Panel>
  );
}

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
    </div>
  );
}

function Events({ events: e }: { events: DashboardDto["events"] }) {
  const t = useTranslations("analytics.events");
  const f = useFigures();
  return (
    <Panel title={t("title")} description={t("description")}>
      {e.received ? (
        <dl
          aria-label={t("title")}
          className="grid grid-cols-2 gap-4 sm:grid-cols-4 lg:grid-cols-7"
        >
          <Stat label={t("received")} value={f.number(e.received)} />
          <Stat label={t("delivered")} value={f.number(e.delivered)} />
          <Stat label={t("failed")} value={f.number(e.failed)} />
          <Stat label={t("waiting")} value={f.number(e.waiting)} />
          <Stat
            label={t("rate")}
            value={e.deliveryRate === null ? "—" : f.percent(e.deliveryRate)}
          />
          <Stat label={t("median")} value={f.duration(e.latencyMedianSeconds)} />
          <Stat label={t("p95")} value={f.duration(e.latencyP95Seconds)} />
        </dl>
      ) : (
        <Quiet>{t("empty")}</Quiet>
      )}
    </Panel>
  );
}

function Agents({ agents }: { agents: DashboardDto["agents"] }) {
  const t = useTranslations("analytics.agents");
  const f = useFigures();
  const pair = (median: number | null, mean: number | null) =>
    median === null ? "—" : `${f.duration(median)} / ${f.duration(mean)}`;
  return (
    <Panel title={t("title")} description={t("description")} flush>
      {agents.agents.length ? (
        <Table aria-label={t("title")}>
          <TableHeader>
            <TableRow>
              <TableHead>{t("agent")}</TableHead>
              <TableHead className="text-right">{t("handoffs")}</TableHead>
              <TableHead className="text-right">{t("answered")}</TableHead>
              <TableHead className="text-right">{t("resolved")}</TableHead>
              <TableHead className="text-right">{t("firstResponse")}</TableHead>
              <TableHead className="text-right">{t("resolution")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {agents.agents.map((a) => (
              <TableRow key={a.agentId}>
                <TableCell className="font-medium text-slate-900">{a.agentName}</TableCell>
                <TableCell className="text-right tabular-nums">{f.number(a.handoffs)}</TableCell>
                <TableCell className="text-right tabular-nums">{f.number(a.answered)}</TableCell>
                <TableCell className="text-right tabular-nums">{f.number(a.resolved)}</TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">
                  {pair(a.firstResponseMedianSeconds, a.firstResponseMeanSeconds)}
                </TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">
                  {pair(a.resolutionMedianSeconds, a.resolutionMeanSeconds)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Quiet className="p-5">{t("empty")}</Quiet>
      )}
      {agents.unassigned ? (
        <p className="border-t border-slate-100 px-5 py-3 text-sm text-amber-700">
          {t("unassigned", { n: agents.unassigned })}
        </p>
      ) : null}
    </Panel>
  );
}
