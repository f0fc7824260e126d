import "server-only";
import { decimalToMinor, isCurrencyCode, minorToDecimal } from "@/lib/money/currency";
import type {
  CheckoutRequest,
  PaymentAdapter,
  ProviderPayment,
  ProviderPaymentStatus,
  RefundResult,
} from "@/lib/payments/types";
import {
  YookassaApiError,
  YookassaNetworkError,
  YookassaResponseError,
  yookassaClient,
  type YookassaClientOptions,
  type YookassaCredentials,
} from "./yookassa/client";
import {
  YOOKASSA_LIMITS,
  yookassaNotificationSchema,
  type CreatePaymentParams,
  type YookassaAmount,
  type YookassaNotificationEvent,
  type YookassaPayment,
  type YookassaReceipt,
  type YookassaRefund,
} from "./yookassa/schemas";

/**
 * YooKassa behind the PaymentAdapter contract (DESIGN.md, Payments): one-stage redirect
 * payments (capture: true), refunds, and the authoritative status by GET /payments/{id}.
 *
 * What YooKassa has no field for:
 * - `expiresAt`: a redirect payment cannot be given a deadline. YooKassa cancels an unpaid
 *   one by itself (cancellation reason expired_on_confirmation, which maps to "expired"), on its
 *   own schedule. Our deadline is kept on our side: the order expires in the state machine, and
 *   a payment that still succeeds afterwards is seen by reconciliation and refunded there. A
 *   deadline already in the past is refused here rather than sent to the buyer.
 * - `cancelUrl`: there is one return_url for every outcome; it gets `successUrl`, which is our
 *   page that sends the buyer back to the chat whatever happened (it never marks anything paid).
 * - `subscription`: recurring charges need saved payment methods, which Botshop does not use
 *   with YooKassa; such a request is refused.
 */

/**
 * A buyer-facing description within YooKassa's limit, which it enforces by refusing. Counted in
 * UTF-16 units (the stricter reading of "128 characters": an emoji counts twice) and cut
 * between code points, so no half of a surrogate pair is sent.
 */
function clip(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  let out = "";
  for (const char of trimmed) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

function amountOf(minor: number, currency: CheckoutRequest["currency"]): YookassaAmount {
  return { value: minorToDecimal(minor, currency), currency };
}

function receiptFor(request: CheckoutRequest, amount: YookassaAmount): YookassaReceipt | undefined {
  const receipt = request.receipt;
  if (!receipt) return undefined;
  if (!receipt.email && !receipt.phone) {
    throw new RangeError("A 54-FZ receipt needs the buyer's email or phone");
  }
  return {
    customer: {
      ...(receipt.email ? { email: receipt.email } : {}),
      // YooKassa wants digits with the country code, no "+".
      ...(receipt.phone ? { phone: receipt.phone.replace(/\D/g, "") } : {}),
    },
    items: [
      {
        description: clip(request.title, YOOKASSA_LIMITS.description),
        quantity: 1,
        amount,
        vat_code: receipt.vatCode,
        // Digital goods are a service under 54-FZ; nothing Botshop sells is shipped.
        payment_subject: "service",
        payment_mode: "full_payment",
      },
    ],
  };
}

/** YooKassa's statuses in the contract's words. */
export function providerStatusOf(payment: YookassaPayment): ProviderPaymentStatus {
  switch (payment.status) {
    case "succeeded": {
      const refunded = payment.refunded_amount;
      const whole =
        refunded !== undefined &&
        refunded.currency === payment.amount.currency &&
        isCurrencyCode(refunded.currency) &&
        decimalToMinor(refunded.value, refunded.currency) ===
          decimalToMinor(payment.amount.value, refunded.currency);
      // A partial refund leaves the payment paid; the order decides what it means.
      return whole ? "refunded" : "paid";
    }
    case "canceled":
      return payment.cancellation_details?.reason === "expired_on_confirmation"
        ? "expired"
        : "canceled";
    case "pending":
    case "waiting_for_capture":
      // waiting_for_capture cannot happen with capture: true; if it does, the money is held,
      // not taken, so it is not paid yet.
      return "pending";
  }
}

export function toProviderPayment(payment: YookassaPayment): ProviderPayment {
  const currency = payment.amount.currency;
  if (!isCurrencyCode(currency)) {
    throw new RangeError(
      `YooKassa payment ${payment.id} is in ${currency}, which Botshop does not know`,
    );
  }
  const details = payment.cancellation_details;
  return {
    providerPaymentId: payment.id,
    status: providerStatusOf(payment),
    amountMinor: decimalToMinor(payment.amount.value, currency),
    currency,
    orderId: payment.metadata?.order_id ?? null,
    chargeId: payment.id,
    ...(details ? { reason: `${details.reason} (${details.party})` } : {}),
  };
}

function refundResultOf(refund: YookassaRefund): RefundResult {
  const currency = refund.amount.currency;
  if (!isCurrencyCode(currency)) {
    throw new RangeError(
      `YooKassa refund ${refund.id} is in ${currency}, which Botshop does not know`,
    );
  }
  return {
    providerRefundId: refund.id,
    amountMinor: decimalToMinor(refund.amount.value, currency),
    status: refund.status === "canceled" ? "failed" : refund.status,
  };
}

export function yookassaAdapter(
  credentials: YookassaCredentials,
  options: YookassaClientOptions = {},
): PaymentAdapter {
  const client = yookassaClient(credentials, options);

  return {
    kind: "yookassa",

    async createCheckout(request, idempotencyKey) {
      if (request.subscription) {
        throw new RangeError("YooKassa recurring payments are not supported");
      }
      if (request.expiresAt.getTime() <= Date.now()) {
        throw new RangeError(`The checkout for order ${request.orderId} has already expired`);
      }
      const amount = amountOf(request.amountMinor, request.currency);
      const receipt = receiptFor(request, amount);
      const params: CreatePaymentParams = {
        amount,
        capture: true,
        confirmation: { type: "redirect", return_url: request.successUrl },
        description: clip(request.title, YOOKASSA_LIMITS.description),
        metadata: { order_id: request.orderId },
        ...(receipt ? { receipt } : {}),
      };
      const payment = await client.createPayment(params, idempotencyKey);
      const url = payment.confirmation?.confirmation_url;
      if (!url) {
        // A replayed key can return a payment that is already over (paid or canceled).
        throw new RangeError(
          `YooKassa payment ${payment.id} is ${payment.status} and has no page to pay on`,
        );
      }
      return { providerPaymentId: payment.id, url };
    },

    async getPayment(providerPaymentId) {
      return toProviderPayment(await client.getPayment(providerPaymentId));
    },

    async refund(payment, idempotencyKey) {
      const refund = await client.createRefund(
        {
          payment_id: payment.chargeId ?? payment.providerPaymentId,
          amount: amountOf(payment.amountMinor, payment.currency),
        },
        idempotencyKey,
      );
      return refundResultOf(refund);
    },

    async testConnection() {
      try {
        const me = await client.getMe();
        if (me.status !== "enabled") {
          return { ok: false, message: `YooKassa says shop ${me.account_id} is ${me.status}` };
        }
        return { ok: true, account: `${me.account_id}${me.test ? " (test shop)" : ""}` };
      } catch (err) {
        if (err instanceof YookassaApiError) {
          if (err.status === 401) {
            return {
              ok: false,
              message: `YooKassa does not accept this shop ID and secret key (${err.description ?? err.code})`,
            };
          }
          return { ok: false, message: err.message };
        }
        if (err instanceof YookassaNetworkError || err instanceof YookassaResponseError) {
          return { ok: false, message: err.message };
        }
        throw err;
      }
    },
  };
}

export type ParsedYookassaNotification =
  | { ok: true; event: YookassaNotificationEvent; paymentId: string; refundId?: string }
  | { ok: false; reason: "malformed" | "unsupported_event"; event?: string; message: string };

/** YooKassa's notifications are a few kilobytes; anything far larger is not one. */
export const YOOKASSA_NOTIFICATION_MAX_BYTES = 64 * 1024;

/**
 * Reads only which payment a notification is about, and the event's name. Nothing else in it
 * is trusted (it is unsigned): the caller fetches the payment with getPayment and acts on that.
 * "unsupported_event" is a well-formed notification of an event we do not handle; answer it
 * 200 so YooKassa stops repeating it. "malformed" deserves a 400.
 */
export function parseYookassaNotification(rawBody: string): ParsedYookassaNotification {
  if (Buffer.byteLength(rawBody) > YOOKASSA_NOTIFICATION_MAX_BYTES) {
    return { ok: false, reason: "malformed", message: "The body is too large" };
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, reason: "malformed", message: "The body is not JSON" };
  }
  const parsed = yookassaNotificationSchema.safeParse(json);
  if (parsed.success) {
    const { event, object } = parsed.data;
    if (event === "refund.succeeded") {
      if (!object.payment_id) {
        return { ok: false, reason: "malformed", event, message: "A refund without payment_id" };
      }
      return { ok: true, event, paymentId: object.payment_id, refundId: object.id };
    }
    return { ok: true, event, paymentId: object.id };
  }
  const event =
    typeof json === "object" && json !== null && "event" in json && typeof json.event === "string"
      ? json.event
      : undefined;
  const isNotification =
    typeof json === "object" && json !== null && "type" in json && json.type === "notification";
  if (
    isNotification &&
    event !== undefined &&
    !parsed.error.issues.some((i) => i.path[0] !== "event")
  ) {
    return { ok: false, reason: "unsupported_event", event, message: `Not handled: ${event}` };
  }
  return {
    ok: false,
    reason: "malformed",
    ...(event ? { event } : {}),
    message: parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; "),
  };
}
