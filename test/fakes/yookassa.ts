import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type {
  YookassaErrorBody,
  YookassaNotificationEvent,
  YookassaPayment,
  YookassaRefund,
} from "@/lib/payments/yookassa/schemas";

/**
 * A fake YooKassa API v3 server for tests. It speaks the real wire format: HTTP Basic auth with
 * shopId:secretKey, JSON bodies, the Idempotence-Key header on every POST, YooKassa's objects
 * and its error body `{ type: "error", id, code, description, parameter }`. The notifications
 * it sends are shaped like YooKassa's (`{ type: "notification", event, object }`). See
 * test/fakes/README.md for what it models and where it is lenient.
 */

export interface FakeYookassaShop {
  shopId: string;
  secretKey: string;
  /** Payments of a test shop carry `test: true`; GET /me says so too. */
  test: boolean;
}

export type FakeYookassaOperation =
  "createPayment" | "getPayment" | "cancelPayment" | "createRefund" | "getRefund" | "me";

export interface FakeYookassaCall {
  operation: FakeYookassaOperation | "unknown";
  method: string;
  /** Without the /v3 prefix: "/payments", "/payments/{id}". */
  path: string;
  /** The authenticated shop, or null when Basic auth failed. */
  shopId: string | null;
  idempotenceKey?: string;
  body?: unknown;
  status: number;
  /** The JSON body answered (nothing for a dropped connection). */
  response?: unknown;
  at: number;
}

export type FakeYookassaFailure =
  /** Answer this error instead; the request has no effect. */
  | { kind: "error"; status: number; code: string; description?: string; parameter?: string }
  /** Do the request, but answer only after `ms` (a client timeout; the effect stays). */
  | { kind: "delay"; ms: number }
  /** Do the request, then close the connection without answering (the answer is lost). */
  | { kind: "drop" };

/** Canned failures with YooKassa's codes, for `failNext`. */
export const yookassaFailures = {
  internal: {
    kind: "error",
    status: 500,
    code: "internal_server_error",
    description: "Internal server error",
  },
  tooManyRequests: {
    kind: "error",
    status: 429,
    code: "too_many_requests",
    description: "Too many requests",
  },
  forbidden: {
    kind: "error",
    status: 403,
    code: "forbidden",
    description: "The operation is not allowed for this shop",
  },
} satisfies Record<string, FakeYookassaFailure>;

export interface FakeYookassaNotification {
  url: string;
  body: unknown;
  status: number;
}

export interface FakeYookassa {
  /** Base URL with the /v3 suffix, as YOOKASSA_API_URL. */
  apiUrl: string;
  calls: FakeYookassaCall[];
  callsTo(operation: FakeYookassaOperation): FakeYookassaCall[];
  addShop(shop?: Partial<FakeYookassaShop>): FakeYookassaShop;
  /** The payment as it stands now (undefined when unknown). */
  payment(paymentId: string): YookassaPayment | undefined;
  payments(shopId?: string): YookassaPayment[];
  refund(refundId: string): YookassaRefund | undefined;
  /** The buyer paid: pending → succeeded (or waiting_for_capture when capture was false). */
  succeed(paymentId: string): YookassaPayment;
  /**
   * The payment is canceled as YooKassa would: expired_on_confirmation (the default) when the
   * buyer never paid, insufficient_funds, 3d_secure_failed, … The party defaults to the one
   * YooKassa reports for that reason.
   */
  cancel(paymentId: string, reason?: string, party?: string): YookassaPayment;
  /** POSTs a notification about the payment (refund.succeeded: its latest refund, or a refund id). */
  notify(url: string, event: YookassaNotificationEvent, objectId: string): Promise<Response>;
  notifications: FakeYookassaNotification[];
  failNext(operation: FakeYookassaOperation, failure: FakeYookassaFailure, times?: number): void;
  /** Forgets calls, notifications and pending failures; shops, payments and refunds stay. */
  reset(): void;
  close(): Promise<void>;
}

interface StoredPayment {
  shopId: string;
  payment: YookassaPayment;
  capture: boolean;
  returnUrl?: string;
  refunds: string[];
}

interface StoredRefund {
  shopId: string;
  refund: YookassaRefund;
}

interface Answer {
  status: number;
  body: unknown;
}

class Refusal extends Error {
  constructor(readonly answer: Answer) {
    super(JSON.stringify(answer.body));
  }
}

function errorBody(code: string, description?: string, parameter?: string): YookassaErrorBody {
  return {
    type: "error",
    id: randomUUID(),
    code,
    ...(description !== undefined ? { description } : {}),
    ...(parameter !== undefined ? { parameter } : {}),
  };
}

const refuse = (status: number, code: string, description?: string, parameter?: string) =>
  new Refusal({ status, body: errorBody(code, description, parameter) });

const invalid = (description: string, parameter?: string) =>
  refuse(400, "invalid_request", description, parameter);

/** YooKassa ids look like "2d6f5a9e-000f-5000-9000-1b8c2e9e0f3a": time-based hex, a fixed middle. */
function yookassaId(kind: "payment" | "refund"): string {
  const hex = (bytes: number) => randomBytes(bytes).toString("hex");
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, "0")
    .slice(-8);
  const variant = (8 + (randomBytes(1)[0]! % 4)).toString(16);
  return `${time}-${kind === "payment" ? "000f" : "0015"}-5000-${variant}${hex(2).slice(1)}-${hex(6)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON with sorted keys, so "the same body" does not depend on key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/** Decimal strings in kopecks (or cents) and back; the fake only knows 2-digit currencies. */
function toMinor(value: unknown, parameter: string): number {
  if (typeof value !== "string" && typeof value !== "number") {
    throw invalid(`Value of ${parameter} is missing or not a string`, parameter);
  }
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!m) throw invalid(`Invalid value of ${parameter}: ${String(value)}`, parameter);
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

function fromMinor(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
}

function amountOf(value: unknown, parameter: string): { minor: number; currency: string } {
  if (!isRecord(value)) throw invalid(`${parameter} is missing`, parameter);
  const minor = toMinor(value.value, `${parameter}.value`);
  if (minor <= 0) {
    throw invalid(`${parameter}.value must be greater than 0`, `${parameter}.value`);
  }
  const currency = value.currency;
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) {
    throw invalid(`Invalid currency in ${parameter}`, `${parameter}.currency`);
  }
  return { minor, currency };
}

/** Which party YooKassa names for a cancellation reason (its table of declined payments). */
const PARTY_OF: Record<string, string> = {
  expired_on_confirmation: "yoo_money",
  expired_on_capture: "yoo_money",
  fraud_suspected: "yoo_money",
  canceled_by_merchant: "merchant",
  insufficient_funds: "payment_network",
  "3d_secure_failed": "payment_network",
  card_expired: "payment_network",
  call_issuer: "payment_network",
  general_decline: "payment_network",
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeYookassa(opts: { port?: number } = {}): Promise<FakeYookassa> {
  const shops = new Map<string, FakeYookassaShop>();
  const payments = new Map<string, StoredPayment>();
  const refunds = new Map<string, StoredRefund>();
  /** shopId + key → the first request's body and answer. */
  const idempotence = new Map<string, { request: string; answer: Answer }>();
  const failures = new Map<
    FakeYookassaOperation,
    { failure: FakeYookassaFailure; left: number }[]
  >();
  const calls: FakeYookassaCall[] = [];
  const notifications: FakeYookassaNotification[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const shopOf = (req: IncomingMessage): FakeYookassaShop | undefined => {
    const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!m?.[1]) return undefined;
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const shop = shops.get(decoded.slice(0, colon));
    return shop && shop.secretKey === decoded.slice(colon + 1) ? shop : undefined;
  };

  const storedPayment = (shop: FakeYookassaShop, id: string): StoredPayment => {
    const stored = payments.get(id);
    // Another shop's payment is as unknown as a missing one.
    if (!stored || stored.shopId !== shop.shopId) {
      throw refuse(404, "not_found", "Payment doesn't exist or access denied", "payment_id");
    }
    return stored;
  };

  const snapshot = <T>(v: T): T => structuredClone(v);

  // --- operations ------------------------------------------------------------------------

  const createPayment = (shop: FakeYookassaShop, body: Record<string, unknown>): Answer => {
    const amount = amountOf(body.amount, "amount");
    const capture = body.capture === undefined ? false : body.capture;
    if (typeof capture !== "boolean") throw invalid("capture must be a boolean", "capture");

    const confirmation = body.confirmation;
    if (!isRecord(confirmation)) {
      // Without confirmation YooKassa needs a saved payment method, which the fake does not model.
      throw invalid("confirmation is missing", "confirmation");
    }
    if (confirmation.type !== "redirect") {
      throw invalid("The fake only supports confirmation.type redirect", "confirmation.type");
    }
    const returnUrl = confirmation.return_url;
    if (typeof returnUrl !== "string" || !/^https?:\/\//.test(returnUrl)) {
      throw invalid("Invalid return_url", "confirmation.return_url");
    }

    const description = body.description;
    if (description !== undefined && typeof description !== "string") {
      throw invalid("description must be a string", "description");
    }
    if (typeof description === "string" && description.length > 128) {
      throw invalid("Description is too long (more than 128 characters)", "description");
    }

    const metadata = body.metadata;
    if (metadata !== undefined) {
      if (!isRecord(metadata)) throw invalid("metadata must be an object", "metadata");
      const entries = Object.entries(metadata);
      if (entries.length > 16) throw invalid("metadata has more than 16 keys", "metadata");
      for (const [k, v] of entries) {
        if (
          k.length > 32 ||
          (typeof v !== "string" && typeof v !== "number") ||
          String(v).length > 512
        ) {
          throw invalid(`Invalid metadata value for ${k}`, "metadata");
        }
      }
    }

    if (body.receipt !== undefined) checkReceipt(body.receipt, amount);

    const id = yookassaId("payment");
    const payment: YookassaPayment = {
      id,
      status: "pending",
      paid: false,
      amount: { value: fromMinor(amount.minor), currency: amount.currency },
      ...(description !== undefined ? { description } : {}),
      confirmation: {
        type: "redirect",
        confirmation_url: `https://yoomoney.ru/checkout/payments/v2/contract?orderId=${id}`,
      },
      created_at: new Date().toISOString(),
      metadata: Object.fromEntries(
        Object.entries(isRecord(metadata) ? metadata : {}).map(([k, v]) => [k, String(v)]),
      ),
      refundable: false,
      test: shop.test,
    };
    payments.set(id, { shopId: shop.shopId, payment, capture, returnUrl, refunds: [] });
    return { status: 200, body: snapshot(payment) };
  };

  const checkReceipt = (receipt: unknown, amount: { minor: number; currency: string }) => {
    if (!isRecord(receipt)) throw invalid("receipt must be an object", "receipt");
    const customer = receipt.customer;
    const email = isRecord(customer) ? customer.email : undefined;
    const phone = isRecord(customer) ? customer.phone : undefined;
    if (typeof email !== "string" && typeof phone !== "string") {
      throw invalid("Receipt must contain customer email or phone", "receipt.customer");
    }
    if (typeof phone === "string" && !/^\d{11,15}$/.test(phone)) {
      throw invalid("Invalid phone in receipt", "receipt.customer.phone");
    }
    const items = receipt.items;
    if (!Array.isArray(items) || items.length === 0) {
      throw invalid("Receipt items are missing", "receipt.items");
    }
    let total = 0;
    items.forEach((item, i) => {
      const at = `receipt.items[${i}]`;
      if (!isRecord(item)) throw invalid(`${at} must be an object`, at);
      if (typeof item.description !== "string" || item.description.length === 0) {
        throw invalid(`${at}.description is missing`, `${at}.description`);
      }
      if (item.description.length > 128) {
        throw invalid(`${at}.description is too long`, `${at}.description`);
      }
      const quantity = Number(item.quantity);
      if (!Number.isFinite(quantity) || quantity <= 0) {
        throw invalid(`${at}.quantity must be positive`, `${at}.quantity`);
      }
      const itemAmount = amountOf(item.amount, `${at}.amount`);
      if (itemAmount.currency !== amount.currency) {
        throw invalid(`${at}.amount.currency differs from the payment's`, `${at}.amount.currency`);
      }
      if (!Number.isInteger(item.vat_code) || Number(item.vat_code) < 1) {
        throw invalid(`${at}.vat_code is invalid`, `${at}.vat_code`);
      }
      if (item.payment_mode !== undefined && typeof item.payment_mode !== "string") {
        throw invalid(`${at}.payment_mode is invalid`, `${at}.payment_mode`);
      }
      if (item.payment_subject !== undefined && typeof item.payment_subject !== "string") {
        throw invalid(`${at}.payment_subject is invalid`, `${at}.payment_subject`);
      }
      total += Math.round(itemAmount.minor * quantity);
    });
    if (total !== amount.minor) {
      throw invalid("Receipt total does not match the payment amount", "receipt");
    }
  };

  const createRefund = (shop: FakeYookassaShop, body: Record<string, unknown>): Answer => {
    const paymentId = body.payment_id;
    if (typeof paymentId !== "string" || paymentId === "") {
      throw invalid("payment_id is missing", "payment_id");
    }
    const stored = storedPayment(shop, paymentId);
    const amount = amountOf(body.amount, "amount");
    const payment = stored.payment;
    if (payment.status !== "succeeded") {
      throw invalid(
        `Payment ${paymentId} is ${payment.status}: only a succeeded payment can be refunded`,
        "payment_id",
      );
    }
    if (amount.currency !== payment.amount.currency) {
      throw invalid("Refund currency differs from the payment's", "amount.currency");
    }
    const paid = toMinor(payment.amount.value, "amount.value");
    const refunded = payment.refunded_amount ? toMinor(payment.refunded_amount.value, "") : 0;
    if (amount.minor > paid - refunded) {
      throw invalid(
        `Refund amount exceeds what is left to refund (${fromMinor(paid - refunded)})`,
        "amount.value",
      );
    }
    const description = body.description;
    if (
      description !== undefined &&
      (typeof description !== "string" || description.length > 250)
    ) {
      throw invalid("Invalid description", "description");
    }
    const refund: YookassaRefund = {
      id: yookassaId("refund"),
      payment_id: paymentId,
      status: "succeeded",
      amount: { value: fromMinor(amount.minor), currency: amount.currency },
      created_at: new Date().toISOString(),
      ...(typeof description === "string" ? { description } : {}),
    };
    refunds.set(refund.id, { shopId: shop.shopId, refund });
    stored.refunds.push(refund.id);
    payment.refunded_amount = {
      value: fromMinor(refunded + amount.minor),
      currency: payment.amount.currency,
    };
    payment.refundable = refunded + amount.minor < paid;
    return { status: 200, body: snapshot(refund) };
  };

  const cancelPayment = (shop: FakeYookassaShop, id: string): Answer => {
    const stored = storedPayment(shop, id);
    if (stored.payment.status !== "waiting_for_capture") {
      throw invalid(
        `Payment ${id} is ${stored.payment.status}: only waiting_for_capture can be canceled`,
        "payment_id",
      );
    }
    applyCancel(stored, "canceled_by_merchant", "merchant");
    return { status: 200, body: snapshot(stored.payment) };
  };

  const applyCancel = (stored: StoredPayment, reason: string, party: string) => {
    const p = stored.payment;
    p.status = "canceled";
    p.paid = false;
    p.refundable = false;
    p.cancellation_details = { party, reason };
    delete p.confirmation;
    delete p.expires_at;
  };

  // --- HTTP ------------------------------------------------------------------------------

  const route = (
    method: string,
    path: string,
  ): { operation: FakeYookassaOperation; id?: string } | undefined => {
    let m: RegExpExecArray | null;
    if (path === "/payments" && method === "POST") return { operation: "createPayment" };
    if ((m = /^\/payments\/([^/]+)$/.exec(path)) && method === "GET")
      return { operation: "getPayment", id: decodeURIComponent(m[1]!) };
    if ((m = /^\/payments\/([^/]+)\/cancel$/.exec(path)) && method === "POST")
      return { operation: "cancelPayment", id: decodeURIComponent(m[1]!) };
    if (path === "/refunds" && method === "POST") return { operation: "createRefund" };
    if ((m = /^\/refunds\/([^/]+)$/.exec(path)) && method === "GET")
      return { operation: "getRefund", id: decodeURIComponent(m[1]!) };
    if (path === "/me" && method === "GET") return { operation: "me" };
    return undefined;
  };

  const takeFailure = (operation: FakeYookassaOperation): FakeYookassaFailure | undefined => {
    const queue = failures.get(operation);
    const next = queue?.[0];
    if (!next) return undefined;
    next.left -= 1;
    if (next.left <= 0) queue.shift();
    return next.failure;
  };

  const perform = (
    shop: FakeYookassaShop,
    operation: FakeYookassaOperation,
    id: string | undefined,
    body: Record<string, unknown>,
  ): Answer => {
    switch (operation) {
      case "createPayment":
        return createPayment(shop, body);
      case "getPayment":
        return { status: 200, body: snapshot(storedPayment(shop, id ?? "").payment) };
      case "cancelPayment":
        return cancelPayment(shop, id ?? "");
      case "createRefund":
        return createRefund(shop, body);
      case "getRefund": {
        const stored = refunds.get(id ?? "");
        if (!stored || stored.shopId !== shop.shopId) {
          throw refuse(404, "not_found", "Refund doesn't exist or access denied", "refund_id");
        }
        return { status: 200, body: snapshot(stored.refund) };
      }
      case "me":
        return {
          status: 200,
          body: {
            account_id: shop.shopId,
            status: "enabled",
            test: shop.test,
            fiscalization_enabled: true,
            payment_methods: ["bank_card", "yoo_money", "sbp"],
          },
        };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    const path = url.pathname.replace(/^\/v3(?=\/)/, "");
    const matched = url.pathname.startsWith("/v3/") ? route(method, path) : undefined;
    const shop = shopOf(req);
    const keyHeader = req.headers["idempotence-key"];
    const idempotenceKey = typeof keyHeader === "string" ? keyHeader : undefined;
    const call: FakeYookassaCall = {
      operation: matched?.operation ?? "unknown",
      method,
      path,
      shopId: shop?.shopId ?? null,
      ...(idempotenceKey !== undefined ? { idempotenceKey } : {}),
      status: 0,
      at: Date.now(),
    };
    calls.push(call);

    const send = (answer: Answer) => {
      call.status = answer.status;
      call.response = answer.body;
      res.writeHead(answer.status, { "content-type": "application/json;charset=UTF-8" });
      res.end(JSON.stringify(answer.body));
    };

    let answer: Answer;
    let failure: FakeYookassaFailure | undefined;
    try {
      if (!shop) {
        throw refuse(
          401,
          "invalid_credentials",
          "Error in shopId or secret key. Check their validity. You can reissue the key in the Merchant Profile",
          "Authorization",
        );
      }
      if (!matched) throw refuse(404, "not_found", `Unknown method ${method} ${url.pathname}`);

      let body: Record<string, unknown> = {};
      if (method === "POST") {
        const type = (req.headers["content-type"] ?? "").toLowerCase();
        if (!type.startsWith("application/json")) {
          throw refuse(415, "invalid_request", "Content-Type must be application/json");
        }
        let parsed: unknown;
        try {
          parsed = raw === "" ? {} : JSON.parse(raw);
        } catch {
          throw invalid("Request body is not valid JSON");
        }
        if (!isRecord(parsed)) throw invalid("Request body must be a JSON object");
        body = parsed;
        call.body = parsed;
        if (!idempotenceKey) {
          throw invalid("Idempotence-Key header is missing", "Idempotence-Key");
        }
        if (idempotenceKey.length > 64) {
          throw invalid("Idempotence-Key is longer than 64 characters", "Idempotence-Key");
        }
      }

      failure = takeFailure(matched.operation);
      if (failure?.kind === "error") {
        throw refuse(failure.status, failure.code, failure.description, failure.parameter);
      }

      if (method === "POST" && idempotenceKey) {
        const slot = `${shop.shopId}\n${idempotenceKey}`;
        const request = `${method} ${path}\n${canonical(body)}`;
        const seen = idempotence.get(slot);
        if (seen) {
          answer =
            seen.request === request
              ? seen.answer
              : {
                  status: 400,
                  body: errorBody(
                    "invalid_request",
                    "Idempotence key duplicated",
                    "Idempotence-Key",
                  ),
                };
        } else {
          try {
            answer = perform(shop, matched.operation, matched.id, body);
          } catch (err) {
            if (!(err instanceof Refusal)) throw err;
            answer = err.answer;
          }
          // YooKassa's result for a key stands for 24 hours, refusals included; a 500 does not.
          if (answer.status < 500) idempotence.set(slot, { request, answer });
        }
      } else {
        answer = perform(shop, matched.operation, matched.id, body);
      }
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      answer = err.answer;
    }

    if (failure?.kind === "drop") {
      call.status = 0;
      res.socket?.destroy();
      return;
    }
    if (failure?.kind === "delay") {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send(answer);
      }, failure.ms);
      timers.add(timer);
      return;
    }
    send(answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify(errorBody("internal_server_error", `Fake YooKassa failed: ${String(err)}`)),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake YooKassa: no port");
  const apiUrl = `http://127.0.0.1:${address.port}/v3`;

  const anyPayment = (id: string): StoredPayment => {
    const stored = payments.get(id);
    if (!stored) throw new Error(`fake YooKassa: no payment ${id}`);
    return stored;
  };

  return {
    apiUrl,
    calls,
    notifications,
    callsTo: (operation) => calls.filter((c) => c.operation === operation),

    addShop(shop = {}) {
      const shopId = shop.shopId ?? String(100_000 + Math.floor(Math.random() * 900_000));
      const added: FakeYookassaShop = {
        shopId,
        secretKey: shop.secretKey ?? `test_${randomBytes(32).toString("base64url")}`,
        test: shop.test ?? true,
      };
      shops.set(shopId, added);
      return added;
    },

    payment: (id) => {
      const stored = payments.get(id);
      return stored ? snapshot(stored.payment) : undefined;
    },
    payments: (shopId) =>
      [...payments.values()]
        .filter((p) => shopId === undefined || p.shopId === shopId)
        .map((p) => snapshot(p.payment)),
    refund: (id) => {
      const stored = refunds.get(id);
      return stored ? snapshot(stored.refund) : undefined;
    },

    succeed(paymentId) {
      const stored = anyPayment(paymentId);
      const p = stored.payment;
      if (p.status !== "pending") {
        throw new Error(`fake YooKassa: payment ${paymentId} is ${p.status}, not pending`);
      }
      p.paid = true;
      delete p.confirmation;
      p.payment_method = {
        type: "bank_card",
        id: paymentId,
        saved: false,
        title: "Bank card *4477",
      };
      if (stored.capture) {
        p.status = "succeeded";
        p.captured_at = new Date().toISOString();
        p.refundable = true;
      } else {
        p.status = "waiting_for_capture";
        p.expires_at = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
      }
      return snapshot(p);
    },

    cancel(paymentId, reason = "expired_on_confirmation", party) {
      const stored = anyPayment(paymentId);
      if (stored.payment.status !== "pending" && stored.payment.status !== "waiting_for_capture") {
        throw new Error(`fake YooKassa: payment ${paymentId} is ${stored.payment.status}`);
      }
      applyCancel(stored, reason, party ?? PARTY_OF[reason] ?? "yoo_money");
      return snapshot(stored.payment);
    },

    async notify(url, event, objectId) {
      let object: unknown;
      if (event === "refund.succeeded") {
        const direct = refunds.get(objectId)?.refund;
        const latest = payments.get(objectId)?.refunds.at(-1);
        object = direct ?? (latest ? refunds.get(latest)?.refund : undefined);
        if (!object) throw new Error(`fake YooKassa: no refund for ${objectId}`);
      } else {
        object = anyPayment(objectId).payment;
      }
      const body = { type: "notification", event, object: snapshot(object) };
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      notifications.push({ url, body, status: res.status });
      return res;
    },

    failNext(operation, failure, times = 1) {
      const queue = failures.get(operation) ?? [];
      queue.push({ failure, left: times });
      failures.set(operation, queue);
    },

    reset() {
      calls.length = 0;
      notifications.length = 0;
      failures.clear();
    },

    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
