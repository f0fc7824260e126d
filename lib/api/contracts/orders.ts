import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { deliveryMethods } from "@/lib/delivery/settings";
import { orderStatuses } from "@/lib/payments/orders/status";
import { idParams, timestamp } from "./common";

export const orderStatusSchema = z.enum(orderStatuses);
export const orderProviderSchema = z.enum(["stars", "telegram", "stripe", "yookassa"]);

const contactRef = z
  .object({
    id: z.uuid(),
    name: z.string().describe("First and last name as Telegram gave them"),
    username: z.string().nullable(),
  })
  .nullable()
  .describe("The buyer; null when the contact was deleted");

const botRef = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const orderSummarySchema = z
  .object({
    id: z.uuid(),
    title: z.string().describe("The product's title when ordered"),
    productKind: z.string(),
    productId: z.uuid().nullable(),
    amountMinor: z.number().int().describe("Integer minor units of `currency`"),
    currency: z.string(),
    provider: orderProviderSchema,
    test: z.boolean().describe("Made in the provider's test mode: no real money"),
    status: orderStatusSchema,
    contact: contactRef,
    bot: botRef,
    createdAt: timestamp,
    updatedAt: timestamp,
    paidAt: timestamp.nullable(),
    refundedAt: timestamp.nullable(),
  })
  .meta({ id: "OrderSummary" });

export const orderSchema = orderSummarySchema
  .extend({
    providerPaymentId: z
      .string()
      .nullable()
      .describe("Stripe Checkout Session id or YooKassa payment id"),
    chargeId: z
      .string()
      .nullable()
      .describe("What a refund needs: payment intent, YooKassa payment, Telegram charge id"),
    providerChargeId: z.string().nullable(),
    subscriptionId: z.string().nullable(),
    providerAccountId: z.uuid().nullable(),
    flowVersionId: z.uuid().nullable(),
    nodeId: z.string().nullable().describe("The payment node that created the order"),
    expiresAt: timestamp.nullable(),
  })
  .meta({ id: "Order" });

export const orderTimelineEntrySchema = z
  .discriminatedUnion("source", [
    z.object({
      source: z.literal("journal"),
      id: z.string().describe("journal:<id>"),
      at: timestamp,
      kind: z.string().describe("The journal kind: order.created, order.paid, delivery.issued, …"),
      actorType: z.enum(["user", "api_key", "system", "contact"]),
      actorId: z.string().nullable(),
      actorName: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
    z.object({
      source: z.literal("payment_event"),
      id: z.string().describe("payment_event:<id>"),
      at: timestamp,
      provider: orderProviderSchema,
      eventId: z.string().describe("The provider's event id"),
      type: z.string().describe("The provider's event type: payment.succeeded, charge.refunded…"),
      data: z.record(z.string(), z.unknown()),
    }),
  ])
  .meta({ id: "OrderTimelineEntry" });

export const deliverySchema = z
  .object({
    id: z.uuid(),
    method: z.enum(deliveryMethods),
    status: z.enum(["pending", "issued", "failed", "expired", "revoked"]),
    reason: z
      .string()
      .nullable()
      .describe("Why it failed: out_of_stock, no_file, no_secret, method_unavailable, …"),
    handling: z
      .enum(["refund", "hold"])
      .nullable()
      .describe("A failed delivery: refunded automatically, or held for staff"),
    uses: z.number().int().describe("Downloads made"),
    maxUses: z.number().int().nullable().describe("Downloads allowed; null is unlimited"),
    expiresAt: timestamp.nullable(),
    usedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Delivery" });

export const orderFilter = z.strictObject({
  status: orderStatusSchema.optional(),
  provider: orderProviderSchema.optional(),
  mode: z
    .enum(["test", "live"])
    .optional()
    .describe("test: test-mode orders only; live: real ones"),
  from: timestamp.optional().describe("Created at or after this instant"),
  to: timestamp.optional().describe("Created before this instant"),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe("Search the title, the buyer's name or username, or an order id"),
  contactId: z.uuid().optional(),
});

export const listOrders = defineOperation({
  id: "listOrders",
  method: "GET",
  path: "/api/v1/orders",
  tag: "Orders",
  summary: "List orders, newest first",
  auth: "workspace",
  permission: "journal.read",
  query: orderFilter.extend({
    cursor: z.string().max(200).optional().describe("nextCursor from the previous page"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  response: z.object({
    data: z.array(orderSummarySchema),
    nextCursor: z.string().nullable(),
  }),
});

export const getOrder = defineOperation({
  id: "getOrder",
  method: "GET",
  path: "/api/v1/orders/{id}",
  tag: "Orders",
  summary: "Get an order with its timeline",
  description:
    "The timeline merges the order's journal entries (created, every status change with its cause, delivery, refund) with the provider events recorded for it, oldest first.",
  auth: "workspace",
  permission: "journal.read",
  params: idParams,
  response: z.object({
    order: orderSchema,
    delivery: deliverySchema.nullable().describe("null: nothing was issued for it yet"),
    timeline: z.array(orderTimelineEntrySchema),
  }),
});

export const refundOrder = defineOperation({
  id: "refundOrder",
  method: "POST",
  path: "/api/v1/orders/{id}/refund",
  tag: "Orders",
  summary: "Refund a paid order in full",
  description:
    "Returns the money through the provider (Stripe and YooKassa with an idempotency key per order, so repeating the call refunds once; Stars through refundStarPayment) and moves the order to refunded once the provider has confirmed it. `pending: true` means the provider accepted the refund and will report its completion by webhook. Telegram Payments cannot refund through the Bot API: refund in the provider's dashboard and send `external: true` to record it.",
  auth: "workspace",
  permission: "workspace.manage",
  params: idParams,
  body: z.strictObject({
    reason: z.string().trim().max(500).optional().describe("Kept in the journal"),
    external: z
      .boolean()
      .default(false)
      .describe("The money was returned outside Botshop; only record the refund"),
  }),
  response: z.object({ order: orderSchema, pending: z.boolean() }),
});

export const deliverOrder = defineOperation({
  id: "deliverOrder",
  method: "POST",
  path: "/api/v1/orders/{id}/deliver",
  tag: "Orders",
  summary: "Deliver a paid order's goods now",
  description:
    "For a paid order whose delivery is missing or failed (an empty key pool on hold, a product fixed since). Issues exactly once: an order delivered already answers `already: true` and nothing is sent again. 409 for an order that is not paid.",
  auth: "workspace",
  permission: "workspace.manage",
  params: idParams,
  response: z.object({
    outcome: z.enum(["delivered", "failed"]),
    already: z.boolean().describe("It had been delivered before; nothing was sent"),
    reason: z.string().nullable().describe("Why it failed"),
    delivery: deliverySchema.nullable(),
  }),
});
