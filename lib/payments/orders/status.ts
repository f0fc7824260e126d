/**
 * The order lifecycle (DESIGN.md, Payments), as data so the UI, the tests and the transition
 * function read the same table:
 *
 *   created → pending → paid → fulfilled → refunded
 *   created | pending → failed | canceled | expired
 *   paid → refunded
 *
 * A late payment is still money received: a provider that reports "paid" for an order we had
 * already failed, canceled or expired moves it to paid (and the journal says it was late),
 * because the alternative is a buyer charged for goods never delivered.
 */
export const orderStatuses = [
  "created",
  "pending",
  "paid",
  "fulfilled",
  "failed",
  "canceled",
  "expired",
  "refunded",
] as const;

export type OrderStatus = (typeof orderStatuses)[number];

const allowed: Record<OrderStatus, readonly OrderStatus[]> = {
  created: ["pending", "paid", "failed", "canceled", "expired"],
  pending: ["paid", "failed", "canceled", "expired"],
  paid: ["fulfilled", "refunded"],
  fulfilled: ["refunded"],
  failed: ["paid"],
  canceled: ["paid"],
  expired: ["paid"],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return allowed[from].includes(to);
}

/** Still waiting for the buyer to pay: payable, and watched by reconciliation. */
export function isOpen(status: OrderStatus): boolean {
  return status === "created" || status === "pending";
}

/** The buyer's money is with the shop. */
export function isPaid(status: OrderStatus): boolean {
  return status === "paid" || status === "fulfilled";
}
