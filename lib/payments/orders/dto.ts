import { iso } from "@/lib/api/contracts/common";
import type { OrderListRow } from "./query";
import type { TimelineEntry } from "./query-timeline";

export function toOrderSummaryDto({ order, contact, bot }: OrderListRow) {
  return {
    id: order.id,
    title: order.title,
    productKind: order.productKind,
    productId: order.productId,
    amountMinor: order.amountMinor,
    currency: order.currency,
    provider: order.provider,
    test: order.test,
    status: order.status,
    contact: contact
      ? {
          id: contact.id,
          name: [contact.firstName, contact.lastName].filter(Boolean).join(" "),
          username: contact.username,
        }
      : null,
    bot,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    paidAt: iso(order.paidAt),
    refundedAt: iso(order.refundedAt),
  };
}

export function toOrderDto(row: OrderListRow) {
  const { order } = row;
  return {
    ...toOrderSummaryDto(row),
    providerPaymentId: order.providerPaymentId,
    chargeId: order.chargeId,
    providerChargeId: order.providerChargeId,
    subscriptionId: order.subscriptionId,
    providerAccountId: order.providerAccountId,
    flowVersionId: order.flowVersionId,
    nodeId: order.nodeId,
    expiresAt: iso(order.expiresAt),
  };
}

export function toTimelineEntryDto(entry: TimelineEntry) {
  return { ...entry, at: iso(entry.at) };
}
