import { z } from "zod";

/**
 * YooKassa API v3 objects as they come over the wire (https://yookassa.ru/developers/api).
 * Only the fields Botshop reads are declared; unknown fields are dropped, except in the error
 * body, which keeps everything YooKassa said. Isomorphic: the fake server in test/fakes uses
 * the same shapes.
 */

/** Money is a decimal string with the currency's digits: { value: "100.00", currency: "RUB" }. */
export const yookassaAmountSchema = z.object({
  value: z.string().regex(/^\d+(\.\d+)?$/, "a decimal string"),
  currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code"),
});
export type YookassaAmount = z.infer<typeof yookassaAmountSchema>;

/**
 * The body of every non-200 answer (400, 401, 403, 404, 429, 500). `code` is one of
 * invalid_request, invalid_credentials, forbidden, not_found, too_many_requests,
 * internal_server_error; `parameter` names the header or body field at fault.
 */
export const yookassaErrorBodySchema = z.looseObject({
  type: z.literal("error"),
  id: z.string(),
  code: z.string(),
  description: z.string().optional(),
  parameter: z.string().optional(),
});
export type YookassaErrorBody = z.infer<typeof yookassaErrorBodySchema>;

export const yookassaPaymentStatuses = [
  "pending",
  "waiting_for_capture",
  "succeeded",
  "canceled",
] as const;
export type YookassaPaymentStatus = (typeof yookassaPaymentStatuses)[number];

/**
 * Why a payment was canceled. Parties: merchant, yoo_money, payment_network. Reasons include
 * expired_on_confirmation (the buyer never paid), expired_on_capture, canceled_by_merchant,
 * insufficient_funds, 3d_secure_failed, card_expired, fraud_suspected, general_decline, …;
 * YooKassa adds new ones, so both are plain strings.
 */
export const yookassaCancellationDetailsSchema = z.object({
  party: z.string(),
  reason: z.string(),
});
export type YookassaCancellationDetails = z.infer<typeof yookassaCancellationDetailsSchema>;

const isoDateTime = z.iso.datetime({ offset: true });

export const yookassaPaymentSchema = z.object({
  id: z.string().min(1),
  status: z.enum(yookassaPaymentStatuses),
  paid: z.boolean(),
  amount: yookassaAmountSchema,
  income_amount: yookassaAmountSchema.optional(),
  /** Present once part or all of the payment has been refunded. */
  refunded_amount: yookassaAmountSchema.optional(),
  description: z.string().optional(),
  /** Present while the buyer still has something to do (redirect: the page to send them to). */
  confirmation: z
    .looseObject({
      type: z.string(),
      confirmation_url: z.string().optional(),
      return_url: z.string().optional(),
    })
    .optional(),
  /** YooKassa keeps metadata values as strings (up to 16 keys). */
  metadata: z.record(z.string(), z.string()).optional(),
  cancellation_details: yookassaCancellationDetailsSchema.optional(),
  refundable: z.boolean(),
  test: z.boolean(),
  created_at: isoDateTime,
  /** Only for waiting_for_capture (two-stage payments): when the hold lapses. */
  expires_at: isoDateTime.optional(),
  captured_at: isoDateTime.optional(),
  payment_method: z
    .looseObject({
      type: z.string(),
      id: z.string(),
      saved: z.boolean(),
      title: z.string().optional(),
    })
    .optional(),
});
export type YookassaPayment = z.infer<typeof yookassaPaymentSchema>;

export const yookassaRefundSchema = z.object({
  id: z.string().min(1),
  payment_id: z.string().min(1),
  status: z.enum(["pending", "succeeded", "canceled"]),
  amount: yookassaAmountSchema,
  created_at: isoDateTime,
  description: z.string().optional(),
  cancellation_details: yookassaCancellationDetailsSchema.optional(),
});
export type YookassaRefund = z.infer<typeof yookassaRefundSchema>;

/** GET /me: the shop the credentials belong to. */
export const yookassaMeSchema = z.object({
  account_id: z.string(),
  status: z.string(),
  test: z.boolean(),
  name: z.string().optional(),
  fiscalization_enabled: z.boolean().optional(),
  payment_methods: z.array(z.string()).optional(),
});
export type YookassaMe = z.infer<typeof yookassaMeSchema>;

/** The events Botshop subscribes to in the YooKassa dashboard (Integration → HTTP notifications). */
export const yookassaNotificationEvents = [
  "payment.succeeded",
  "payment.waiting_for_capture",
  "payment.canceled",
  "refund.succeeded",
] as const;
export type YookassaNotificationEvent = (typeof yookassaNotificationEvents)[number];

/**
 * An incoming notification. It is unsigned, so nothing in it is trusted beyond the ids: the
 * payment is re-fetched with GET /payments/{id} (DESIGN.md, Security rules).
 */
export const yookassaNotificationSchema = z.object({
  type: z.literal("notification"),
  event: z.enum(yookassaNotificationEvents),
  object: z.looseObject({ id: z.string().min(1), payment_id: z.string().min(1).optional() }),
});
export type YookassaNotification = z.infer<typeof yookassaNotificationSchema>;

// --- requests ------------------------------------------------------------------------------

/** 54-FZ receipt item. Digital goods are "service"; "commodity" is for physical goods. */
export interface YookassaReceiptItem {
  /** Up to 128 characters. */
  description: string;
  quantity: number;
  amount: YookassaAmount;
  /** 1 = no VAT, 2 = 0%, 3 = 10%, 4 = 20%, … (YooKassa's table; depends on the shop's tax system). */
  vat_code: number;
  payment_subject: "service" | "commodity";
  payment_mode: "full_payment";
}

export interface YookassaReceipt {
  /** YooKassa needs an email or a phone (digits with country code, "79001234567") to send it to. */
  customer: { email?: string; phone?: string };
  items: YookassaReceiptItem[];
}

export interface CreatePaymentParams {
  amount: YookassaAmount;
  /** Always true here: one-stage payments, no waiting_for_capture. */
  capture: true;
  confirmation: { type: "redirect"; return_url: string };
  /** Shown to the buyer; up to 128 characters. */
  description?: string;
  metadata: { order_id: string } & Record<string, string>;
  receipt?: YookassaReceipt;
}

export interface CreateRefundParams {
  payment_id: string;
  amount: YookassaAmount;
  description?: string;
}

/** YooKassa's own limits, checked before a request is sent. */
export const YOOKASSA_LIMITS = {
  description: 128,
  idempotenceKey: 64,
  metadataKeys: 16,
  metadataKey: 32,
  metadataValue: 512,
} as const;
