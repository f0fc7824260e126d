import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { orderStatuses } from "@/lib/payments/orders/status";
import { timestamp } from "./common";

const day = z.iso.date().describe("A calendar day (YYYY-MM-DD) in the workspace's time zone");
const count = z.number().int();
const seconds = z.number().nullable().describe("Seconds; null without any");

/** The longest period the dashboard reads, in days (a leap year). */
export const maxRangeDays = 366;

export const analyticsQuery = z
  .strictObject({
    from: day.optional().describe("First day counted (default: `days` days up to `to`)"),
    to: day.optional().describe("Last day counted, included (default: today)"),
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(maxRangeDays)
      .optional()
      .describe("Without `from`: how many days up to `to` (default 30)"),
    botId: z.uuid().optional().describe("One bot's figures; the whole workspace without it"),
    bucket: z.enum(["day", "week"]).default("day").describe("Series per day or per ISO week"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ["to"],
    message: "Must not be before from",
  });

const agentSchema = z.object({
  agentId: z.uuid(),
  agentName: z.string(),
  handoffs: count,
  answered: count,
  resolved: count,
  firstResponseMedianSeconds: seconds,
  firstResponseMeanSeconds: seconds,
  resolutionMedianSeconds: seconds,
  resolutionMeanSeconds: seconds,
});

export const dashboardSchema = z
  .object({
    range: z.object({
      from: z.string(),
      to: z.string(),
      timeZone: z.string(),
      bucket: z.enum(["day", "week"]),
      buckets: z.array(z.string()).describe("Each bucket's first day, oldest first"),
    }),
    revenue: z
      .array(
        z.object({
          currency: z.string(),
          amountMinor: z.number().int(),
          orders: count,
          series: z.array(
            z.object({ bucket: z.string(), amountMinor: z.number().int(), orders: count }),
          ),
        }),
      )
      .describe("One entry per currency: amounts in different currencies are never added"),
    ordersByStatus: z.array(z.object({ status: z.enum(orderStatuses), count })),
    funnel: z.object({ started: count, checkout: count, paid: count, delivered: count }),
    topProducts: z.array(
      z.object({
        productId: z.uuid().nullable(),
        title: z.string(),
        currency: z.string(),
        orders: count,
        amountMinor: z.number().int(),
      }),
    ),
    contacts: z.object({
      new: count,
      series: z.array(z.object({ bucket: z.string(), count })),
    }),
    conversations: z.object({ open: count, waiting: count, assigned: count }),
    broadcasts: z.object({
      totals: z.object({
        recipients: count,
        sent: count,
        failed: count,
        blocked: count,
        clicks: count,
      }),
      items: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          botId: z.uuid(),
          startedAt: timestamp,
          total: count,
          pending: count,
          sent: count,
          failed: count,
          blocked: count,
          cancelled: count,
          clicks: count,
          clickers: count,
        }),
      ),
    }),
    events: z.object({
      received: count,
      delivered: count,
      failed: count,
      waiting: count,
      deliveryRate: z.number().nullable(),
      latencyMedianSeconds: seconds,
      latencyP95Seconds: seconds,
    }),
    agents: z.object({ agents: z.array(agentSchema), unassigned: count }),
  })
  .meta({ id: "AnalyticsDashboard" });

export const getAnalytics = defineOperation({
  id: "getAnalytics",
  method: "GET",
  path: "/api/v1/analytics",
  tag: "Analytics",
  summary: "Dashboard figures for a range of days",
  description:
    "Revenue per currency, orders by status, the purchase funnel, top products, new contacts, open conversations, broadcasts, ERP event delivery and support times, counted over whole days in the workspace's time zone. docs/analytics.md defines every figure.",
  auth: "workspace",
  permission: "journal.read",
  query: analyticsQuery,
  response: dashboardSchema,
});
