import "server-only";
import type { Api } from "grammy";
import type { Db, Tx } from "@/lib/db";
import type { deliveries, products } from "@/lib/db/schema";
import type { ContactRow } from "@/lib/runtime/engine";
import type { TelegramCall } from "@/lib/runtime/types";
import type { Order } from "@/lib/payments/orders/transition";
import type { BuyerLocale } from "./messages";
import type { DeliveryMethod, DeliverySettings } from "./settings";

/**
 * One way of handing over goods (DESIGN.md, "Delivery and protection"). lib/delivery/issue.ts
 * owns the order of things — the delivery row, exactly once, the journal, the order's move to
 * fulfilled, the flow's outcome — and asks the method only what to issue.
 *
 * A method that needs the outside world (Telegram's createChatInviteLink, an LMS, a file upload)
 * answers `external` from `issue`; the caller commits the pending delivery, runs `external`
 * outside any transaction (a retry runs it again, so it must be safe to repeat), then calls
 * `finalize` in a new transaction with what it returned.
 */

export type DeliveryRow = typeof deliveries.$inferSelect;
export type ProductRow = typeof products.$inferSelect;

export interface MethodContext {
  tx: Tx;
  order: Order;
  product: ProductRow;
  settings: DeliverySettings & { method: DeliveryMethod };
  contact: ContactRow;
  delivery: DeliveryRow;
  locale: BuyerLocale;
  /** The text that comes with the goods, already escaped for HTML. */
  intro: string;
  now: Date;
}

export type Issue =
  | {
      status: "issued";
      /** Sent to the buyer's chat, in order, through the outbox. */
      messages: TelegramCall[];
      /** Columns of the delivery row the method sets (token hash, expiry, uses). */
      set?: Partial<Pick<DeliveryRow, "tokenHash" | "expiresAt" | "maxUses" | "fileId">>;
      /** Kept in delivery.data and journaled with `delivery.issued` (never a secret). */
      data?: Record<string, unknown>;
    }
  | {
      status: "failed";
      /** A code for staff: out_of_stock, not_channel_admin, lms_refused, no_file, … */
      reason: string;
      /** What the buyer is told (plain text, escaped by the caller). */
      buyerText: string;
      /** Refund the order (the product says so for this failure). */
      refund?: boolean;
      data?: Record<string, unknown>;
    }
  | { status: "external" };

export interface ExternalContext {
  db: Db;
  api: Api;
  order: Order;
  product: ProductRow;
  settings: DeliverySettings & { method: DeliveryMethod };
  contact: ContactRow;
  delivery: DeliveryRow;
  locale: BuyerLocale;
  /** The text that comes with the goods, already escaped for HTML. */
  intro: string;
  /** 1 on the first try; a retry after a transient error counts up. */
  attempt: number;
}

/** A transient failure (5xx, network, timeout): the worker retries with backoff. */
export class RetryDelivery extends Error {}

/**
 * Not a failure: the goods cannot go out yet (Telegram's send limits have no token for the chat
 * or the bot). The worker puts the delivery back for `seconds` and the attempt does not count,
 * so a bot busy with a broadcast delays a paid file instead of failing it.
 */
export class DeferDelivery extends Error {
  constructor(
    readonly seconds: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** An issued delivery the buyer asked for again ("My purchases", lib/delivery/purchases.ts). */
export interface ResendContext {
  tx: Tx;
  /** Locked FOR UPDATE; status `issued` or `expired` (revoked and failed never get here). */
  delivery: DeliveryRow;
  product: ProductRow;
  settings: DeliverySettings & { method: DeliveryMethod };
  contact: ContactRow;
  locale: BuyerLocale;
  now: Date;
}

export interface Resend {
  /** Journaled with `delivery.resent`: resent, expired, used_up, … */
  outcome: string;
  /** The reply's paragraphs, already escaped for HTML. */
  lines: string[];
  /** A fresh token replaces the old one, which stops working. */
  set?: Partial<Pick<DeliveryRow, "tokenHash">>;
}

export interface DeliveryMethodHandler {
  issue(ctx: MethodContext): Promise<Issue>;
  external?(ctx: ExternalContext): Promise<Record<string, unknown>>;
  finalize?(ctx: MethodContext, external: Record<string, unknown>): Promise<Issue>;
  /** The order was refunded: take back what this method issued (in the refund's transaction). */
  revoke?(ctx: { tx: Tx; delivery: DeliveryRow; order: Order }): Promise<void>;
  /**
   * Sends the goods again, within the product's rules (a used-up link stays used up). Without
   * it, "My purchases" tells the buyer to ask the shop. No I/O: it runs in the webhook's
   * transaction.
   */
  resend?(ctx: ResendContext): Promise<Resend>;
}
