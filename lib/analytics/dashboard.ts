import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { maxRangeDays } from "@/lib/api/contracts/analytics";
import { ApiError, notFound } from "@/lib/api/errors";
import { emptyProgress, progressOf, type BroadcastProgress } from "@/lib/broadcasts/progress";
import { eventMessageMethods } from "@/lib/events/status";
import { supportFigures, type SupportFigures } from "@/lib/inbox/stats";
import { orderStatuses, type OrderStatus } from "@/lib/payments/orders/status";

/**
 * The analytics dashboard's figures (docs/analytics.md defines each one). Everything is scoped
 * by workspace, optionally by one bot, and counted over whole calendar days in the workspace's
 * time zone: [from 00:00, the day after `to` 00:00). Money is never added across currencies.
 */
export type Bucket = "day" | "week";

export interface DashboardQuery {
  /** Calendar days (YYYY-MM-DD) in the workspace's time zone, both included. */
  from?: string;
  to?: string;
  /** Without from/to: the last `days` days up to today. */
  days?: number;
  botId?: string;
  bucket: Bucket;
}

export interface DashboardRange {
  from: string;
  to: string;
  timeZone: string;
  bucket: Bucket;
  /** Every bucket's first day (YYYY-MM-DD), oldest first; series have one point per bucket. */
  buckets: string[];
}

export interface CurrencyRevenue {
  currency: string;
  amountMinor: number;
  orders: number;
  series: { bucket: string; amountMinor: number; orders: number }[];
}

export interface TopProduct {
  productId: string | null;
  title: string;
  currency: string;
  orders: number;
  amountMinor: number;
}

export interface BroadcastFigures extends BroadcastProgress {
  id: string;
  name: string;
  botId: string;
  startedAt: string;
  total: number;
  clicks: number;
  /** Different recipients who tapped. */
  clickers: number;
}

export interface Dashboard {
  range: DashboardRange;
  revenue: CurrencyRevenue[];
  ordersByStatus: { status: OrderStatus; count: number }[];
  funnel: { started: number; checkout: number; paid: number; delivered: number };
  topProducts: TopProduct[];
  contacts: { new: number; series: { bucket: string; count: number }[] };
  conversations: { open: number; waiting: number; assigned: number };
  broadcasts: {
    totals: { recipients: number; sent: number; failed: number; blocked: number; clicks: number };
    items: BroadcastFigures[];
  };
  events: {
    received: number;
    delivered: number;
    /** Refused, not sent, or expired before the customer linked. */
    failed: number;
    /** Handed to the flows and not sent yet, or waiting for the customer to link. */
    waiting: number;
    /** delivered ÷ received, 0…1; null without events. */
    deliveryRate: number | null;
    latencyMedianSeconds: number | null;
    latencyP95Seconds: number | null;
  };
  agents: SupportFigures;
}

const TOP_PRODUCTS = 10;

interface Resolved extends DashboardRange {
  fromAt: string;
  toAt: string;
}

/** The range in the workspace's zone, as instants and buckets, in one statement. */
async function resolveRange(
  db: Executor,
  workspaceId: string,
  q: DashboardQuery,
): Promise<Resolved> {
  const days = q.days ?? 30;
  const [row] = rowsOf<{
    tz: string;
    from_day: string;
    to_day: string;
    from_at: Date | string;
    to_at: Date | string;
    buckets: string[] | string;
  }>(
    await db.execute(sql`
      with w as (
        select time_zone as tz, (now() at time zone time_zone)::date as today
        from workspace where id = ${workspaceId}),
      r as (
        select tz,
               coalesce(${q.from ?? null}::date, coalesce(${q.to ?? null}::date, today) - ${days - 1}::int) as f,
               coalesce(${q.to ?? null}::date, today) as t
        from w)
      select tz, to_char(f, 'YYYY-MM-DD') as from_day, to_char(t, 'YYYY-MM-DD') as to_day,
             (f::timestamp at time zone tz) as from_at,
             ((t + 1)::timestamp at time zone tz) as to_at,
             array(select to_char(g, 'YYYY-MM-DD')
                   from generate_series(date_trunc(${q.bucket}, f::timestamp), t::timestamp,
                                        ('1 ' || ${q.bucket})::interval) g) as buckets
      from r`),
  );
  if (!row) throw notFound("Workspace");
  const span = (Date.parse(row.to_day) - Date.parse(row.from_day)) / 86_400_000 + 1;
  if (span < 1 || span > maxRangeDays)
    throw new ApiError("unprocessable_entity", `The range must be 1 to ${maxRangeDays} days`, {
      details: [{ path: "to", message: `Must be 0 to ${maxRangeDays - 1} days after from` }],
    });
  return {
    from: row.from_day,
    to: row.to_day,
    timeZone: row.tz,
    bucket: q.bucket,
    buckets: parseTextArray(row.buckets),
    fromAt: new Date(row.from_at).toISOString(),
    toAt: new Date(row.to_at).toISOString(),
  };
}

/** postgres.js parses text[]; PGlite may hand back the literal "{a,b}". */
function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",") : [];
}

export async function dashboardFigures(
  db: Executor,
  workspaceId: string,
  q: DashboardQuery,
): Promise<Dashboard> {
  const r = await resolveRange(db, workspaceId, q);
  const from = sql`${r.fromAt}::timestamptz`;
  const to = sql`${r.toAt}::timestamptz`;
  const bucketOf = (column: SQL) =>
    sql`to_char(date_trunc(${r.bucket}, ${column} at time zone ${r.timeZone}), 'YYYY-MM-DD')`;
  const bot = (column: SQL) => (q.botId ? sql`and ${column} = ${q.botId}` : sql``);

  const [revenue, statuses, funnel, topProducts, contactSeries, conversations, broadcasts, events] =
    await Promise.all([
      // Revenue: orders paid in the range and still paid (not refunded), by currency and bucket.
      db.execute(sql`
        select currency, ${bucketOf(sql`paid_at`)} as bucket,
               sum(amount_minor)::bigint as amount, count(*)::int as orders
        from "order"
        where workspace_id = ${workspaceId} and not test ${bot(sql`bot_id`)}
          and status in ('paid', 'fulfilled') and paid_at >= ${from} and paid_at < ${to}
        group by 1, 2 order by 1, 2`),
      db.execute(sql`
        select status, count(*)::int as n from "order"
        where workspace_id = ${workspaceId} and not test ${bot(sql`bot_id`)}
          and created_at >= ${from} and created_at < ${to}
        group by status`),
      // The funnel: each step's condition contains the previous one's, so the counts only fall.
      db.execute(sql`
        with started as (
          select id from contact
          where workspace_id = ${workspaceId} ${bot(sql`bot_id`)}
            and created_at >= ${from} and created_at < ${to}),
        steps as (
          select s.id,
                 bool_or(o.id is not null) as checkout,
                 bool_or(o.paid_at < ${to}) as paid,
                 bool_or(o.paid_at < ${to} and d.status in ('issued', 'expired', 'revoked')
                         and d.created_at < ${to}) as delivered
          from started s
          left join "order" o on o.contact_id = s.id and o.workspace_id = ${workspaceId}
               and not o.test and o.created_at >= ${from} and o.created_at < ${to}
          left join delivery d on d.order_id = o.id
          group by s.id)
        select count(*)::int as started,
               count(*) filter (where checkout)::int as checkout,
               count(*) filter (where paid)::int as paid,
               count(*) filter (where delivered)::int as delivered
        from steps`),
      db.execute(sql`
        select o.product_id, coalesce(p.title, min(o.title)) as title, o.currency,
               count(*)::int as orders, sum(o.amount_minor)::bigint as amount
        from "order" o left join product p on p.id = o.product_id
        where o.workspace_id = ${workspaceId} and not o.test ${bot(sql`o.bot_id`)}
          and o.status in ('paid', 'fulfilled') and o.paid_at >= ${from} and o.paid_at < ${to}
        group by o.product_id, p.title, o.currency
        order by orders desc, amount desc, title
        limit ${TOP_PRODUCTS}`),
      db.execute(sql`
        select ${bucketOf(sql`created_at`)} as bucket, count(*)::int as n
        from contact
        where workspace_id = ${workspaceId} ${bot(sql`bot_id`)}
          and created_at >= ${from} and created_at < ${to}
        group by 1`),
      db.execute(sql`
        select count(*) filter (where status = 'waiting')::int as waiting,
               count(*) filter (where status = 'assigned')::int as assigned
        from conversation
        where workspace_id = ${workspaceId} ${bot(sql`bot_id`)}
          and status in ('waiting', 'assigned')`),
      db.execute(sql`
        select b.id, b.name, b.bot_id, b.started_at, b.total,
               (select count(*) from broadcast_click c where c.broadcast_id = b.id)::int as clicks,
               (select count(distinct c.contact_id) from broadcast_click c
                where c.broadcast_id = b.id)::int as clickers
        from broadcast b
        where b.workspace_id = ${workspaceId} ${bot(sql`b.bot_id`)}
          and b.started_at >= ${from} and b.started_at < ${to}
        order by b.started_at desc, b.id`),
      // ERP events: delivered and failed as lib/events/status.ts reads them off the outbox.
      db.execute(sql`
        with e as (
          select ev.id, ev.status, ev.received_at, ev.expires_at
          from external_event ev
          ${q.botId ? sql`join contact c on c.id = ev.contact_id and c.bot_id = ${q.botId}` : sql``}
          where ev.workspace_id = ${workspaceId} and not ev.test
            and ev.received_at >= ${from} and ev.received_at < ${to}),
        m as (
          select e.id, e.status, e.received_at, e.expires_at,
                 min(o.done_at) filter (where o.status = 'sent') as delivered_at,
                 count(o.id) filter (where o.status = 'pending') as pending,
                 count(o.id) filter (where o.status in ('failed', 'cancelled')) as refused
          from e
          left join outbox o on o.cause = 'event:' || e.id::text and o.kind = 'telegram'
               and o.payload->>'method' in (${sql.join(
                 eventMessageMethods.map((m) => sql`${m}`),
                 sql`, `,
               )})
          group by e.id, e.status, e.received_at, e.expires_at),
        s as (
          select *, extract(epoch from delivered_at - received_at) as latency,
                 case when status = 'failed' then 'failed'
                      when status = 'received' and delivered_at is not null then 'delivered'
                      when status = 'received' and refused > 0 and pending = 0 then 'failed'
                      when status = 'unlinked' and expires_at <= now() then 'failed'
                      else 'waiting' end as outcome
          from m)
        select count(*)::int as received,
               count(*) filter (where outcome = 'delivered')::int as delivered,
               count(*) filter (where outcome = 'failed')::int as failed,
               count(*) filter (where outcome = 'waiting')::int as waiting,
               percentile_cont(0.5) within group (order by latency)::float8 as p50,
               percentile_cont(0.95) within group (order by latency)::float8 as p95
        from s`),
    ]);

  const broadcastRows = rowsOf<BroadcastRow>(broadcasts);
  const [progress, agents] = await Promise.all([
    progressOf(
      db,
      workspaceId,
      broadcastRows.map((b) => b.id),
    ),
    supportFigures(db, workspaceId, { from: new Date(r.fromAt), to: new Date(r.toAt) }, q.botId),
  ]);

  const { fromAt: _f, toAt: _t, ...range } = r;
  return {
    range,
    revenue: revenueOf(r.buckets, rowsOf(revenue)),
    ordersByStatus: statusesOf(rowsOf(statuses)),
    funnel: numbers(rowsOf(funnel)[0], ["started", "checkout", "paid", "delivered"]),
    topProducts: rowsOf<{
      product_id: string | null;
      title: string;
      currency: string;
      orders: number;
      amount: string | number;
    }>(topProducts).map((p) => ({
      productId: p.product_id,
      title: p.title,
      currency: p.currency,
      orders: Number(p.orders),
      amountMinor: Number(p.amount),
    })),
    contacts: contactsOf(r.buckets, rowsOf(contactSeries)),
    conversations: (() => {
      const c = numbers(rowsOf(conversations)[0], ["waiting", "assigned"]);
      return { open: c.waiting + c.assigned, ...c };
    })(),
    broadcasts: broadcastsOf(broadcastRows, progress),
    events: eventsOf(rowsOf(events)[0]),
    agents,
  };
}

function numbers<K extends string>(row: unknown, keys: K[]): Record<K, number> {
  const source = (row ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, Number(source[k] ?? 0)])) as Record<K, number>;
}

function revenueOf(
  buckets: string[],
  rows: { currency: string; bucket: string; amount: string | number; orders: number }[],
): CurrencyRevenue[] {
  const byCurrency = new Map<string, Map<string, { amountMinor: number; orders: number }>>();
  for (const row of rows) {
    const series = byCurrency.get(row.currency) ?? new Map();
    series.set(row.bucket, { amountMinor: Number(row.amount), orders: Number(row.orders) });
    byCurrency.set(row.currency, series);
  }
  return [...byCurrency].map(([currency, series]) => {
    const points = buckets.map((bucket) => ({
      bucket,
      ...(series.get(bucket) ?? { amountMinor: 0, orders: 0 }),
    }));
    return {
      currency,
      amountMinor: points.reduce((sum, p) => sum + p.amountMinor, 0),
      orders: points.reduce((sum, p) => sum + p.orders, 0),
      series: points,
    };
  });
}

function statusesOf(rows: { status: OrderStatus; n: number }[]) {
  const counts = new Map(rows.map((r) => [r.status, Number(r.n)]));
  return orderStatuses.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

function contactsOf(buckets: string[], rows: { bucket: string; n: number }[]) {
  const counts = new Map(rows.map((r) => [r.bucket, Number(r.n)]));
  const series = buckets.map((bucket) => ({ bucket, count: counts.get(bucket) ?? 0 }));
  return { new: series.reduce((sum, p) => sum + p.count, 0), series };
}

/** A broadcast started in the period, as the dashboard's statement returns it. */
interface BroadcastRow {
  id: string;
  name: string;
  bot_id: string;
  started_at: Date | string;
  total: number;
  clicks: number;
  clickers: number;
}

function broadcastsOf(
  rows: BroadcastRow[],
  progress: Map<string, BroadcastProgress>,
): Dashboard["broadcasts"] {
  const items = rows.map((b) => ({
    id: b.id,
    name: b.name,
    botId: b.bot_id,
    startedAt: new Date(b.started_at).toISOString(),
    total: Number(b.total),
    ...(progress.get(b.id) ?? emptyProgress),
    clicks: Number(b.clicks),
    clickers: Number(b.clickers),
  }));
  const sum = (key: "total" | "sent" | "failed" | "blocked" | "clicks") =>
    items.reduce((s, b) => s + b[key], 0);
  return {
    totals: {
      recipients: sum("total"),
      sent: sum("sent"),
      failed: sum("failed"),
      blocked: sum("blocked"),
      clicks: sum("clicks"),
    },
    items,
  };
}

function eventsOf(row: unknown): Dashboard["events"] {
  const n = numbers(row, ["received", "delivered", "failed", "waiting"]);
  const r = (row ?? {}) as { p50?: number | string | null; p95?: number | string | null };
  const seconds = (v: number | string | null | undefined) =>
    v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;
  return {
    ...n,
    deliveryRate: n.received ? n.delivered / n.received : null,
    latencyMedianSeconds: seconds(r.p50),
    latencyP95Seconds: seconds(r.p95),
  };
}
