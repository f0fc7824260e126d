import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Stripe from "stripe";

/**
 * A fake Stripe API for tests. It speaks the real wire format for the calls Botshop makes: the
 * official `stripe` client pointed at `apiBase` (host/port/protocol) cannot tell it from
 * api.stripe.com — form-encoded bodies with bracket notation, Bearer (or Basic) auth,
 * Idempotency-Key replay, `expand[]`, and errors as `{ error: { type, message, code?, param? } }`
 * with Stripe's HTTP statuses. Webhook events are signed with the SDK's own
 * `generateTestHeaderString`. See test/fakes/README.md for what it models and where it is
 * lenient.
 */

export interface FakeStripeAccount {
  id: string;
  secretKey: string;
  webhookSecret: string;
  displayName: string;
}

export interface FakeStripeCall {
  method: string;
  /** The path without the query string: "/v1/checkout/sessions". */
  path: string;
  /** Decoded parameters (body and query), brackets turned back into objects and arrays; values stay strings. */
  params: Record<string, unknown>;
  /** The secret key the call was made with, if any. */
  apiKey?: string;
  idempotencyKey?: string;
  stripeVersion?: string;
  at: number;
  status: number;
  response: unknown;
  /** Answered from the idempotency store, not executed again. */
  replayed: boolean;
}

/** An error as Stripe sends it: `{ error: { type, message, code?, param? } }` with this HTTP status. */
export interface FakeStripeFailure {
  status: number;
  error: {
    type: string;
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
    doc_url?: string;
  };
}

/** Canned failures with Stripe's wording, for `failNext`. */
export const stripeFailures = {
  apiError: {
    status: 500,
    error: {
      type: "api_error",
      message: "An unknown error occurred",
    },
  },
  rateLimited: {
    status: 429,
    error: {
      type: "invalid_request_error",
      code: "rate_limit",
      message:
        "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
    },
  },
  permission: {
    status: 403,
    error: {
      type: "invalid_request_error",
      message:
        "The provided key 'rk_test_***' does not have the required permissions for this endpoint.",
    },
  },
} satisfies Record<string, FakeStripeFailure>;

/** The objects the fake keeps; fields beyond the named ones follow Stripe's object shapes. */
type StripeJson = Record<string, unknown>;

export interface FakeSession extends StripeJson {
  id: string;
  object: "checkout.session";
  mode: "payment" | "subscription";
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid" | "no_payment_required";
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  success_url: string | null;
  cancel_url: string | null;
  expires_at: number;
  url: string | null;
  payment_intent: string | null;
  subscription: string | null;
  invoice: string | null;
  customer: string | null;
}

export interface FakeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: StripeJson; previous_attributes?: StripeJson };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface FakeStripeChange<T> {
  /** The changed object as the API would answer it now. */
  object: T;
  /** The events Stripe would emit for the change, oldest first (also kept in `fake.events`). */
  events: FakeEvent[];
}

export interface FakeStripe {
  apiBase: string;
  calls: FakeStripeCall[];
  /** Calls to one route, e.g. `callsTo("POST", "/v1/checkout/sessions")`; a path prefix matches too. */
  callsTo(method: string, path: string): FakeStripeCall[];
  /** Every Checkout Session created through the API, by id (the live objects). */
  sessions: ReadonlyMap<string, FakeSession>;
  /** Every event the fake has built, oldest first. */
  events: FakeEvent[];
  addAccount(opts?: { displayName?: string }): FakeStripeAccount;
  /** Any object the fake holds (cs_, pi_, ch_, re_, sub_, in_ …) as the API would answer it. */
  get(id: string): StripeJson | undefined;
  /**
   * The buyer pays. Payment mode: a payment intent and a charge (metadata from
   * payment_intent_data). Subscription mode: a customer, an active subscription, its first
   * invoice (paid) and that invoice's payment intent and charge. `async: true` leaves the
   * payment processing (payment_status "unpaid") until `succeedAsyncPayment`/`failAsyncPayment`.
   */
  completeSession(id: string, opts?: { async?: boolean }): FakeStripeChange<FakeSession>;
  succeedAsyncPayment(sessionId: string): FakeStripeChange<FakeSession>;
  failAsyncPayment(sessionId: string): FakeStripeChange<FakeSession>;
  expireSession(id: string): FakeStripeChange<FakeSession>;
  /** A refund made by the owner in the Stripe Dashboard (not through our API calls). */
  refundFromDashboard(
    paymentIntentId: string,
    opts?: { amount?: number },
  ): FakeStripeChange<StripeJson>;
  /** The subscription ends (canceled by the customer or the owner): customer.subscription.deleted. */
  cancelSubscription(subscriptionId: string): FakeStripeChange<StripeJson>;
  /** The next billing period is paid: a new invoice, payment intent and charge; invoice.paid. */
  renewSubscription(subscriptionId: string): FakeStripeChange<StripeJson>;
  /** Builds an event of `type` about `object` (Stripe's envelope) and keeps it in `events`. */
  buildEvent(type: string, object: StripeJson): FakeEvent;
  /**
   * POSTs an event to `url` as Stripe does: the Event JSON, signed in the Stripe-Signature header
   * with the webhook secret of the account that owns the object (or `opts.secret`).
   */
  sendEvent(
    url: string,
    type: string,
    object: StripeJson,
    opts?: DeliverOptions,
  ): Promise<{ event: FakeEvent; response: Response }>;
  /** POSTs an already built event (from a change's `events`). */
  deliver(url: string, event: FakeEvent, opts?: DeliverOptions): Promise<Response>;
  /** The next `times` calls to `method path` answer this failure instead of running. */
  failNext(method: string, path: string, failure: FakeStripeFailure, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

export interface DeliverOptions {
  /** Sign with this secret instead of the owning account's webhook secret. */
  secret?: string;
  /** Unix seconds in the signature (default now); an old one tests the tolerance. */
  timestamp?: number;
  /** Omit the Stripe-Signature header entirely. */
  unsigned?: boolean;
}

// --- ids, time, errors -------------------------------------------------------------------

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** Stripe's id shapes: "pi_3Pq…" (24 after the prefix), "cs_test_a1…" (58). */
const newId = (prefix: string, length = 24) => `${prefix}_${base62(length)}`;

const now = () => Math.floor(Date.now() / 1000);

class Refusal extends Error {
  constructor(
    readonly failure: FakeStripeFailure,
    /**
     * Stripe saves the result under the idempotency key only once the endpoint started
     * executing; parameter validation failures are not saved and may be retried.
     */
    readonly saved = false,
  ) {
    super(failure.error.message);
  }
}

const invalid = (message: string, param?: string, code?: string) =>
  new Refusal({
    status: 400,
    error: {
      type: "invalid_request_error",
      message,
      ...(param ? { param } : {}),
      ...(code ? { code } : {}),
    },
  });

const missingParam = (param: string) =>
  invalid(`Missing required param: ${param}.`, param, "parameter_missing");

const noSuch = (kind: string, id: string, param: string) =>
  new Refusal(
    {
      status: 404,
      error: {
        type: "invalid_request_error",
        code: "resource_missing",
        doc_url: "https://stripe.com/docs/error-codes/resource-missing",
        message: `No such ${kind}: '${id}'`,
        param,
      },
    },
    true,
  );

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// --- form bodies with brackets ------------------------------------------------------------

/**
 * Stripe's form encoding: `metadata[order_id]=x`, `line_items[0][price_data][unit_amount]=500`,
 * `expand[]=a` / `expand[0]=a`. Objects whose keys are all indices become arrays.
 */
export function parseStripeForm(encoded: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) {
      root[rawKey] = value;
      continue;
    }
    const head = match[1] ?? rawKey;
    const rest = [...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "");
    const path = [head, ...rest];
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length; i++) {
      let key = path[i] ?? "";
      const last = i === path.length - 1;
      if (key === "") key = String(Object.keys(node).length); // "expand[]=a" appends
      if (last) {
        node[key] = value;
      } else {
        const next = node[key];
        if (isRecord(next)) node = next;
        else {
          const fresh: Record<string, unknown> = {};
          node[key] = fresh;
          node = fresh;
        }
      }
    }
  }
  return arrayify(root) as Record<string, unknown>;
}

function arrayify(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const keys = Object.keys(v);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = arrayify(v[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => out[String(i)]);
  }
  return out;
}

/** Refuses parameters Stripe does not know, with Stripe's "Received unknown parameter". */
function checkKnown(params: Record<string, unknown>, allowed: readonly string[], parent?: string) {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) {
      const param = parent ? `${parent}[${key}]` : key;
      throw invalid(`Received unknown parameter: ${param}`, param);
    }
  }
}

function str(p: Record<string, unknown>, key: string): string | undefined {
  const v = p[key];
  return typeof v === "string" ? v : undefined;
}

function int(p: Record<string, unknown>, key: string, param = key): number | undefined {
  const v = p[key];
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "string" || !/^-?\d+$/.test(v))
    throw invalid(`Invalid integer: ${String(v)}`, param);
  return Number(v);
}

function metadataOf(p: Record<string, unknown>, key: string, param = key): Record<string, string> {
  const v = p[key];
  if (v === undefined || v === "") return {};
  if (!isRecord(v)) throw invalid(`Invalid hash`, param);
  const out: Record<string, string> = {};
  const keys = Object.keys(v);
  if (keys.length > 50) throw invalid("Metadata can have up to 50 keys.", param);
  for (const k of keys) {
    const value = v[k];
    if (typeof value !== "string")
      throw invalid(`Invalid metadata value for ${k}`, `${param}[${k}]`);
    if (k.length > 40)
      throw invalid("Metadata keys can have up to 40 characters.", `${param}[${k}]`);
    if (value.length > 500) {
      throw invalid("Metadata values can have up to 500 characters.", `${param}[${k}]`);
    }
    // An empty value unsets the key, as on Stripe.
    if (value !== "") out[k] = value;
  }
  return out;
}

function expandOf(p: Record<string, unknown>): string[] {
  const v = p.expand;
  if (v === undefined) return [];
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  throw invalid("Invalid array", "expand");
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** Stable JSON for comparing the parameters of two requests under one idempotency key. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

// --- allowed parameters -------------------------------------------------------------------

const SESSION_PARAMS = [
  "mode",
  "line_items",
  "success_url",
  "cancel_url",
  "return_url",
  "ui_mode",
  "expires_at",
  "metadata",
  "client_reference_id",
  "customer",
  "customer_email",
  "customer_creation",
  "currency",
  "locale",
  "payment_method_types",
  "payment_intent_data",
  "subscription_data",
  "allow_promotion_codes",
  "billing_address_collection",
  "submit_type",
  "invoice_creation",
  "after_expiration",
  "consent_collection",
  "phone_number_collection",
  "automatic_tax",
  "discounts",
  "custom_text",
  "expand",
] as const;
const LINE_ITEM_PARAMS = ["price", "price_data", "quantity", "adjustable_quantity", "tax_rates"];
const PRICE_DATA_PARAMS = [
  "currency",
  "product",
  "product_data",
  "unit_amount",
  "unit_amount_decimal",
  "recurring",
  "tax_behavior",
];
const PRODUCT_DATA_PARAMS = ["name", "description", "images", "metadata", "tax_code", "unit_label"];
const PAYMENT_INTENT_DATA_PARAMS = [
  "metadata",
  "description",
  "capture_method",
  "receipt_email",
  "setup_future_usage",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "transfer_group",
  "on_behalf_of",
  "application_fee_amount",
  "transfer_data",
  "shipping",
];
const SUBSCRIPTION_DATA_PARAMS = [
  "metadata",
  "description",
  "trial_period_days",
  "trial_end",
  "billing_cycle_anchor",
  "default_tax_rates",
  "application_fee_percent",
  "on_behalf_of",
  "proration_behavior",
  "transfer_data",
  "invoice_settings",
  "trial_settings",
];
const REFUND_PARAMS = [
  "payment_intent",
  "charge",
  "amount",
  "metadata",
  "reason",
  "refund_application_fee",
  "reverse_transfer",
  "instructions_email",
  "expand",
];

/** Three-decimal currencies: Stripe wants the last digit 0 so card networks can settle them. */
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);
/** Currencies Stripe does not support at all that Botshop knows (Telegram Stars). */
const UNSUPPORTED = new Set(["xtr"]);

const RECURRING_INTERVALS = ["day", "week", "month", "year"] as const;
/** Stripe allows billing periods up to three years. */
const MAX_INTERVAL_COUNT: Record<(typeof RECURRING_INTERVALS)[number], number> = {
  day: 1095,
  week: 156,
  month: 36,
  year: 3,
};

// --- the server ---------------------------------------------------------------------------

interface Stored {
  account: FakeStripeAccount;
  obj: StripeJson;
  /** Fields Stripe leaves out unless expanded (`line_items`, `payments`, `refunds`). */
  includable?: Record<string, () => unknown>;
}

interface IdempotentResult {
  route: string;
  params: string;
  status: number;
  body: unknown;
}

interface Ctx {
  account: FakeStripeAccount;
  params: Record<string, unknown>;
  match: RegExpExecArray;
  idempotencyKey?: string;
}

interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  handler: (ctx: Ctx) => { status?: number; body: unknown };
}

export interface FakeStripeOptions {
  /** 127.0.0.1 and a free port unless given. */
  port?: number;
}

export async function startFakeStripe(opts: FakeStripeOptions = {}): Promise<FakeStripe> {
  const accounts = new Map<string, FakeStripeAccount>();
  const objects = new Map<string, Stored>();
  const sessions = new Map<string, FakeSession>();
  const idempotency = new Map<string, IdempotentResult>();
  const failures = new Map<string, { failure: FakeStripeFailure; remaining: number }[]>();
  const calls: FakeStripeCall[] = [];
  const events: FakeEvent[] = [];

  const keep = (account: FakeStripeAccount, obj: StripeJson, includable?: Stored["includable"]) => {
    objects.set(String(obj.id), { account, obj, ...(includable ? { includable } : {}) });
    return obj;
  };

  const find = (id: string, account?: FakeStripeAccount): Stored | undefined => {
    const stored = objects.get(id);
    if (!stored || (account && stored.account !== account)) return undefined;
    return stored;
  };

  /** The object with `expand` paths replaced by the objects they name, as a fresh JSON copy. */
  const render = (obj: StripeJson, expand: readonly string[]): StripeJson => {
    const out: StripeJson = { ...obj };
    const stored = objects.get(String(obj.id));
    const groups = new Map<string, string[]>();
    for (const path of expand) {
      const [head = "", ...rest] = path.split(".");
      const list = groups.get(head) ?? [];
      if (rest.length > 0) list.push(rest.join("."));
      groups.set(head, list);
    }
    for (const [field, rest] of groups) {
      const include = stored?.includable?.[field];
      const value = include ? include() : out[field];
      out[field] = expandValue(value, rest);
    }
    // Includable fields that were not asked for stay out, as on Stripe.
    for (const field of Object.keys(stored?.includable ?? {})) {
      if (!groups.has(field)) delete out[field];
    }
    return JSON.parse(JSON.stringify(out)) as StripeJson;
  };

  const expandValue = (value: unknown, rest: string[]): unknown => {
    if (typeof value === "string") {
      const target = objects.get(value);
      return target ? render(target.obj, rest) : value;
    }
    if (isRecord(value) && value.object === "list" && Array.isArray(value.data)) {
      const inner = rest.filter((p) => p.startsWith("data.")).map((p) => p.slice(5));
      return { ...value, data: value.data.map((item) => expandValue(item, inner)) };
    }
    if (isRecord(value)) {
      // A plain nested hash (invoice_payment.payment): expand inside it.
      if (typeof value.id === "string" && objects.has(value.id)) return render(value, rest);
      const out: StripeJson = { ...value };
      const groups = new Map<string, string[]>();
      for (const path of rest) {
        const [head = "", ...tail] = path.split(".");
        groups.set(head, [...(groups.get(head) ?? []), ...(tail.length ? [tail.join(".")] : [])]);
      }
      for (const [field, tail] of groups) out[field] = expandValue(out[field], tail);
      return out;
    }
    return value;
  };

  const list = (url: string, data: unknown[]) => ({
    object: "list",
    data,
    has_more: false,
    url,
  });

  // --- object builders ---

  const priceOf = (account: FakeStripeAccount, data: Record<string, unknown>, i: number) => {
    const param = `line_items[${i}][price_data]`;
    checkKnown(data, PRICE_DATA_PARAMS, param);
    const currency = str(data, "currency");
    if (!currency) throw missingParam(`${param}[currency]`);
    if (currency !== currency.toLowerCase() || UNSUPPORTED.has(currency) || currency.length !== 3) {
      throw invalid(
        `Invalid currency: ${currency}. Stripe currently supports these currencies: usd, eur, gbp, jpy, …`,
        `${param}[currency]`,
      );
    }
    const unitAmount = int(data, "unit_amount", `${param}[unit_amount]`);
    if (unitAmount === undefined) throw missingParam(`${param}[unit_amount]`);
    if (unitAmount < 0)
      throw invalid("This value must be greater than or equal to 0.", `${param}[unit_amount]`);
    if (THREE_DECIMAL.has(currency) && unitAmount % 10 !== 0) {
      throw invalid(
        `Amounts in ${currency.toUpperCase()} must be divisible by 10 (the last digit must be 0).`,
        `${param}[unit_amount]`,
      );
    }
    const productData = data.product_data;
    if (!isRecord(productData)) throw missingParam(`${param}[product_data]`);
    checkKnown(productData, PRODUCT_DATA_PARAMS, `${param}[product_data]`);
    const name = str(productData, "name");
    if (!name) throw missingParam(`${param}[product_data][name]`);
    let recurring: StripeJson | null = null;
    if (data.recurring !== undefined) {
      if (!isRecord(data.recurring)) throw invalid("Invalid hash", `${param}[recurring]`);
      checkKnown(data.recurring, ["interval", "interval_count"], `${param}[recurring]`);
      const interval = str(data.recurring, "interval");
      if (!interval) throw missingParam(`${param}[recurring][interval]`);
      const known = RECURRING_INTERVALS.find((x) => x === interval);
      if (!known) {
        throw invalid(
          `Invalid recurring[interval]: must be one of day, week, month, or year`,
          `${param}[recurring][interval]`,
        );
      }
      const count =
        int(data.recurring, "interval_count", `${param}[recurring][interval_count]`) ?? 1;
      if (count < 1 || count > MAX_INTERVAL_COUNT[known]) {
        throw invalid(
          "The maximum billing interval is three years (3 years, 36 months, 156 weeks or 1095 days).",
          `${param}[recurring][interval_count]`,
        );
      }
      recurring = {
        interval: known,
        interval_count: count,
        meter: null,
        trial_period_days: null,
        usage_type: "licensed",
      };
    }
    const product = keep(account, {
      id: newId("prod", 14),
      object: "product",
      active: false,
      created: now(),
      description: str(productData, "description") ?? null,
      images: [],
      livemode: false,
      metadata: metadataOf(productData, "metadata", `${param}[product_data][metadata]`),
      name,
      type: "service",
      updated: now(),
    });
    return keep(account, {
      id: newId("price"),
      object: "price",
      active: false,
      billing_scheme: "per_unit",
      created: now(),
      currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: null,
      metadata: {},
      nickname: null,
      product: product.id,
      recurring,
      tax_behavior: str(data, "tax_behavior") ?? "unspecified",
      tiers_mode: null,
      transform_quantity: null,
      type: recurring ? "recurring" : "one_time",
      unit_amount: unitAmount,
      unit_amount_decimal: String(unitAmount),
    });
  };

  const createSession = ({ account, params }: Ctx): { body: unknown } => {
    checkKnown(params, SESSION_PARAMS);
    const mode = str(params, "mode");
    if (!mode) throw missingParam("mode");
    if (mode !== "payment" && mode !== "subscription") {
      throw invalid(`Invalid mode: must be one of payment, setup, or subscription`, "mode");
    }
    const rawItems = params.line_items;
    if (!Array.isArray(rawItems) || rawItems.length === 0) throw missingParam("line_items");
    const items = rawItems.map((raw, i) => {
      if (!isRecord(raw)) throw invalid("Invalid array", "line_items");
      checkKnown(raw, LINE_ITEM_PARAMS, `line_items[${i}]`);
      if (raw.price !== undefined) {
        throw invalid("The fake only knows price_data line items.", `line_items[${i}][price]`);
      }
      if (!isRecord(raw.price_data)) throw missingParam(`line_items[${i}][price_data]`);
      const quantity = int(raw, "quantity", `line_items[${i}][quantity]`);
      if (quantity === undefined) throw missingParam(`line_items[${i}][quantity]`);
      if (quantity < 1)
        throw invalid(
          "This value must be greater than or equal to 1.",
          `line_items[${i}][quantity]`,
        );
      return { price: priceOf(account, raw.price_data, i), quantity };
    });
    const currencies = new Set(items.map((it) => String(it.price.currency)));
    if (currencies.size > 1) {
      throw invalid("All prices on a Checkout Session must have the same currency.", "line_items");
    }
    const currency = String(items[0]?.price.currency);
    const recurringCount = items.filter((it) => it.price.recurring !== null).length;
    if (mode === "payment" && recurringCount > 0) {
      throw invalid(
        "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
        "line_items",
      );
    }
    if (mode === "subscription" && recurringCount === 0) {
      throw invalid(
        "You must provide at least one recurring price in `subscription` mode when using prices.",
        "line_items",
      );
    }
    if (mode === "subscription" && params.payment_intent_data !== undefined) {
      throw invalid(
        "You can not pass `payment_intent_data` in `subscription` mode.",
        "payment_intent_data",
      );
    }
    if (mode === "payment" && params.subscription_data !== undefined) {
      throw invalid(
        "You can only pass `subscription_data` in `subscription` mode.",
        "subscription_data",
      );
    }
    const intentData = params.payment_intent_data;
    if (intentData !== undefined) {
      if (!isRecord(intentData)) throw invalid("Invalid hash", "payment_intent_data");
      checkKnown(intentData, PAYMENT_INTENT_DATA_PARAMS, "payment_intent_data");
    }
    const subscriptionData = params.subscription_data;
    if (subscriptionData !== undefined) {
      if (!isRecord(subscriptionData)) throw invalid("Invalid hash", "subscription_data");
      checkKnown(subscriptionData, SUBSCRIPTION_DATA_PARAMS, "subscription_data");
    }
    const created = now();
    const expiresAt = int(params, "expires_at") ?? created + 24 * 3600;
    // Stripe: expires_at must be 30 minutes to 24 hours after the session is created.
    if (expiresAt < created + 30 * 60) {
      throw invalid(
        "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
        "expires_at",
      );
    }
    if (expiresAt > created + 24 * 3600) {
      throw invalid(
        "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
        "expires_at",
      );
    }
    for (const key of ["success_url", "cancel_url"] as const) {
      const url = str(params, key);
      if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) {
        throw invalid("Not a valid URL", key);
      }
    }
    const clientReferenceId = str(params, "client_reference_id") ?? null;
    if (clientReferenceId !== null && clientReferenceId.length > 200) {
      throw invalid("client_reference_id must be at most 200 characters.", "client_reference_id");
    }
    const amount = items.reduce((sum, it) => sum + Number(it.price.unit_amount) * it.quantity, 0);
    // Stripe's minimum charge is about 50 US cents; the fake checks only for something to charge.
    if (mode === "payment" && amount <= 0) {
      throw invalid(
        "The Checkout Session's total amount due must add up to at least $0.50 usd",
        "line_items",
      );
    }
    const id = `cs_test_${base62(58)}`;
    const session: FakeSession = {
      id,
      object: "checkout.session",
      adaptive_pricing: { enabled: false },
      after_expiration: null,
      allow_promotion_codes: null,
      amount_subtotal: amount,
      amount_total: amount,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: null,
      cancel_url: str(params, "cancel_url") ?? null,
      client_reference_id: clientReferenceId,
      client_secret: null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created,
      currency,
      currency_conversion: null,
      custom_fields: [],
      custom_text: {
        after_submit: null,
        shipping_address: null,
        submit: null,
        terms_of_service_acceptance: null,
      },
      customer: null,
      customer_creation: mode === "payment" ? "if_required" : "always",
      customer_details: null,
      customer_email: str(params, "customer_email") ?? null,
      discounts: [],
      expires_at: expiresAt,
      invoice: null,
      invoice_creation:
        mode === "payment"
          ? {
              enabled: false,
              invoice_data: {
                account_tax_ids: null,
                custom_fields: null,
                description: null,
                footer: null,
                issuer: null,
                metadata: {},
                rendering_options: null,
              },
            }
          : null,
      livemode: false,
      locale: str(params, "locale") ?? null,
      metadata: metadataOf(params, "metadata"),
      mode,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: mode === "payment" ? null : "always",
      payment_method_configuration_details: null,
      payment_method_options: { card: { request_three_d_secure: "automatic" } },
      payment_method_types: ["card"],
      payment_status: "unpaid",
      phone_number_collection: { enabled: false },
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: "open",
      submit_type: null,
      subscription: null,
      success_url: str(params, "success_url") ?? null,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: "hosted",
      url: `https://checkout.stripe.com/c/pay/${id}#fid${base62(40)}`,
      wallet_options: null,
    };
    const lineItems = items.map((it) => ({
      id: newId("li"),
      object: "item",
      amount_discount: 0,
      amount_subtotal: Number(it.price.unit_amount) * it.quantity,
      amount_tax: 0,
      amount_total: Number(it.price.unit_amount) * it.quantity,
      currency,
      description: String(objects.get(String(it.price.product))?.obj.name ?? ""),
      price: it.price,
      quantity: it.quantity,
    }));
    sessionExtras.set(id, {
      intentMetadata: intentData
        ? metadataOf(intentData, "metadata", "payment_intent_data[metadata]")
        : {},
      intentDescription: intentData ? (str(intentData, "description") ?? null) : null,
      subscriptionMetadata: subscriptionData
        ? metadataOf(subscriptionData, "metadata", "subscription_data[metadata]")
        : {},
      items,
    });
    keep(account, session, {
      line_items: () => list(`/v1/checkout/sessions/${id}/line_items`, lineItems),
    });
    sessions.set(id, session);
    return { body: render(session, expandOf(params)) };
  };

  /** What the session's create call said about the objects that completing it makes. */
  const sessionExtras = new Map<
    string,
    {
      intentMetadata: Record<string, string>;
      intentDescription: string | null;
      subscriptionMetadata: Record<string, string>;
      items: { price: StripeJson; quantity: number }[];
    }
  >();

  const newIntentAndCharge = (
    account: FakeStripeAccount,
    args: {
      amount: number;
      currency: string;
      customer: string | null;
      metadata: Record<string, string>;
      description: string | null;
      processing: boolean;
    },
  ) => {
    const created = now();
    const paymentMethod = newId("pm");
    const intentId = newId("pi");
    const chargeId = newId("ch");
    const charge = keep(
      account,
      {
        id: chargeId,
        object: "charge",
        amount: args.amount,
        amount_captured: args.processing ? 0 : args.amount,
        amount_refunded: 0,
        balance_transaction: args.processing ? null : newId("txn"),
        billing_details: {
          address: null,
          email: "buyer@example.com",
          name: "Test Buyer",
          phone: null,
        },
        captured: !args.processing,
        created,
        currency: args.currency,
        customer: args.customer,
        description: args.description,
        disputed: false,
        failure_code: null,
        failure_message: null,
        livemode: false,
        // Stripe copies the payment intent's metadata onto its charges.
        metadata: { ...args.metadata },
        outcome: args.processing
          ? null
          : {
              network_status: "approved_by_network",
              reason: null,
              risk_level: "normal",
              seller_message: "Payment complete.",
              type: "authorized",
            },
        paid: !args.processing,
        payment_intent: intentId,
        payment_method: paymentMethod,
        payment_method_details: args.processing
          ? { type: "sepa_debit", sepa_debit: { last4: "3000", country: "DE" } }
          : { type: "card", card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034 } },
        receipt_url: `https://pay.stripe.com/receipts/payment/${base62(60)}`,
        refunded: false,
        status: args.processing ? "pending" : "succeeded",
      },
      { refunds: () => list(`/v1/charges/${chargeId}/refunds`, refundsOf(chargeId)) },
    );
    const intent = keep(account, {
      id: intentId,
      object: "payment_intent",
      amount: args.amount,
      amount_capturable: 0,
      amount_received: args.processing ? 0 : args.amount,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: "automatic_async",
      client_secret: `${intentId}_secret_${base62(25)}`,
      confirmation_method: "automatic",
      created,
      currency: args.currency,
      customer: args.customer,
      description: args.description,
      last_payment_error: null,
      latest_charge: charge.id,
      livemode: false,
      metadata: { ...args.metadata },
      payment_method: paymentMethod,
      payment_method_types: [args.processing ? "sepa_debit" : "card"],
      status: args.processing ? "processing" : "succeeded",
    });
    return { intent, charge };
  };

  const refundsOf = (chargeId: string) =>
    [...objects.values()]
      .map((s) => s.obj)
      .filter((o) => o.object === "refund" && o.charge === chargeId)
      .map((o) => JSON.parse(JSON.stringify(o)) as StripeJson);

  const event = (type: string, object: StripeJson, previous?: StripeJson): FakeEvent => {
    const built: FakeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: now(),
      data: {
        object: JSON.parse(JSON.stringify(object)) as StripeJson,
        ...(previous ? { previous_attributes: previous } : {}),
      },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    events.push(built);
    return built;
  };

  const mustSession = (id: string): { session: FakeSession; stored: Stored } => {
    const session = sessions.get(id);
    const stored = objects.get(id);
    if (!session || !stored) throw new Error(`fake Stripe: no Checkout Session ${id}`);
    return { session, stored };
  };

  const invoiceFor = (
    account: FakeStripeAccount,
    args: {
      subscription: StripeJson;
      metadata: Record<string, string>;
      amount: number;
      currency: string;
      customer: string;
      reason: "subscription_create" | "subscription_cycle";
      periodStart: number;
      periodEnd: number;
    },
  ) => {
    const { intent, charge } = newIntentAndCharge(account, {
      amount: args.amount,
      currency: args.currency,
      customer: args.customer,
      // Subscription payment intents carry no metadata of ours: the order is found through
      // the invoice's subscription_details or the subscription itself.
      metadata: {},
      description: "Subscription creation",
      processing: false,
    });
    const invoiceId = newId("in");
    const created = now();
    const payment = keep(account, {
      id: newId("inpay"),
      object: "invoice_payment",
      amount_paid: args.amount,
      amount_requested: args.amount,
      created,
      currency: args.currency,
      invoice: invoiceId,
      is_default: true,
      livemode: false,
      payment: { type: "payment_intent", payment_intent: intent.id },
      status: "paid",
      status_transitions: { canceled_at: null, paid_at: created },
    });
    const invoice = keep(
      account,
      {
        id: invoiceId,
        object: "invoice",
        account_country: "US",
        account_name: account.displayName,
        amount_due: args.amount,
        amount_overpaid: 0,
        amount_paid: args.amount,
        amount_remaining: 0,
        attempt_count: 1,
        attempted: true,
        billing_reason: args.reason,
        collection_method: "charge_automatically",
        created,
        currency: args.currency,
        customer: args.customer,
        customer_email: "buyer@example.com",
        hosted_invoice_url: `https://invoice.stripe.com/i/${account.id}/test_${base62(40)}`,
        invoice_pdf: `https://pay.stripe.com/invoice/${account.id}/test_${base62(40)}/pdf`,
        // The period the invoice pays for is on its subscription line; on Stripe the invoice's
        // own period_start/period_end look back one period (the fake leaves them simple).
        lines: list(`/v1/invoices/${invoiceId}/lines`, [
          {
            id: newId("il"),
            object: "line_item",
            amount: args.amount,
            currency: args.currency,
            description: `1 × subscription`,
            invoice: invoiceId,
            livemode: false,
            metadata: { ...args.metadata },
            parent: {
              type: "subscription_item_details",
              invoice_item_details: null,
              subscription_item_details: {
                invoice_item: null,
                proration: false,
                proration_details: { credited_items: null },
                subscription: args.subscription.id,
                subscription_item: newId("si"),
              },
            },
            period: { start: args.periodStart, end: args.periodEnd },
            quantity: 1,
          },
        ]),
        livemode: false,
        metadata: {},
        number: `${base62(8).toUpperCase()}-0001`,
        parent: {
          quote_details: null,
          subscription_details: {
            metadata: { ...args.metadata },
            subscription: args.subscription.id,
          },
          type: "subscription_details",
        },
        period_end: args.periodEnd,
        period_start: args.periodStart,
        status: "paid",
        status_transitions: {
          finalized_at: created,
          marked_uncollectible_at: null,
          paid_at: created,
          voided_at: null,
        },
        subtotal: args.amount,
        total: args.amount,
      },
      { payments: () => list(`/v1/invoice_payments?invoice=${invoiceId}`, [payment]) },
    );
    args.subscription.latest_invoice = invoice.id;
    return { invoice, intent, charge };
  };

  const periodSeconds = (recurring: StripeJson): number => {
    const count = Number(recurring.interval_count ?? 1);
    const day = 24 * 3600;
    switch (recurring.interval) {
      case "week":
        return 7 * day * count;
      case "month":
        return 30 * day * count;
      case "year":
        return 365 * day * count;
      default:
        return day * count;
    }
  };

  const fakeChange = <T>(object: T, built: FakeEvent[]): FakeStripeChange<T> => ({
    object,
    events: built,
  });

  const completeSession: FakeStripe["completeSession"] = (id, completeOpts = {}) => {
    const { session, stored } = mustSession(id);
    if (session.status !== "open") {
      throw new Error(`fake Stripe: session ${id} is ${session.status}, not open`);
    }
    const extras = sessionExtras.get(id);
    if (!extras) throw new Error(`fake Stripe: session ${id} has no line items`);
    const account = stored.account;
    const built: FakeEvent[] = [];
    session.customer_details = {
      address: {
        city: null,
        country: "US",
        line1: null,
        line2: null,
        postal_code: "10001",
        state: null,
      },
      email: "buyer@example.com",
      name: "Test Buyer",
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    };
    session.status = "complete";
    session.url = null;
    if (session.mode === "payment") {
      const processing = completeOpts.async === true;
      const { intent, charge } = newIntentAndCharge(account, {
        amount: session.amount_total,
        currency: session.currency,
        customer: null,
        metadata: extras.intentMetadata,
        description: extras.intentDescription,
        processing,
      });
      session.payment_intent = String(intent.id);
      session.payment_status = processing ? "unpaid" : "paid";
      if (!processing) {
        built.push(event("payment_intent.succeeded", intent), event("charge.succeeded", charge));
      } else {
        built.push(event("payment_intent.processing", intent), event("charge.pending", charge));
      }
    } else {
      const recurringItem = extras.items.find((it) => it.price.recurring !== null);
      const recurring = recurringItem?.price.recurring;
      if (!recurringItem || !isRecord(recurring))
        throw new Error("fake Stripe: no recurring price");
      const customer = keep(account, {
        id: newId("cus", 14),
        object: "customer",
        created: now(),
        email: "buyer@example.com",
        livemode: false,
        metadata: {},
        name: "Test Buyer",
      });
      const start = now();
      const end = start + periodSeconds(recurring);
      const subscriptionId = newId("sub");
      const subscription = keep(account, {
        id: subscriptionId,
        object: "subscription",
        billing_cycle_anchor: start,
        cancel_at: null,
        cancel_at_period_end: false,
        canceled_at: null,
        cancellation_details: { comment: null, feedback: null, reason: null },
        collection_method: "charge_automatically",
        created: start,
        currency: session.currency,
        customer: customer.id,
        description: null,
        ended_at: null,
        items: list(
          `/v1/subscription_items?subscription=${subscriptionId}`,
          extras.items.map((it) => ({
            id: newId("si", 14),
            object: "subscription_item",
            created: start,
            current_period_end: end,
            current_period_start: start,
            metadata: {},
            price: it.price,
            quantity: it.quantity,
            subscription: subscriptionId,
          })),
        ),
        latest_invoice: null,
        livemode: false,
        metadata: { ...extras.subscriptionMetadata },
        start_date: start,
        status: "active",
      });
      const { invoice, intent, charge } = invoiceFor(account, {
        subscription,
        metadata: extras.subscriptionMetadata,
        amount: session.amount_total,
        currency: session.currency,
        customer: String(customer.id),
        reason: "subscription_create",
        periodStart: start,
        periodEnd: end,
      });
      session.customer = String(customer.id);
      session.subscription = subscriptionId;
      session.invoice = String(invoice.id);
      session.payment_status = "paid";
      built.push(
        event("customer.subscription.created", subscription),
        event("payment_intent.succeeded", intent),
        event("charge.succeeded", charge),
        event("invoice.paid", invoice),
        event("invoice.payment_succeeded", invoice),
      );
    }
    built.push(event("checkout.session.completed", render(session, [])));
    return fakeChange(render(session, []) as FakeSession, built);
  };

  const settleAsync = (sessionId: string, succeed: boolean): FakeStripeChange<FakeSession> => {
    const { session } = mustSession(sessionId);
    const intentId = session.payment_intent;
    const intent = intentId ? objects.get(intentId)?.obj : undefined;
    const charge = intent ? objects.get(String(intent.latest_charge))?.obj : undefined;
    if (session.status !== "complete" || !intent || !charge || intent.status !== "processing") {
      throw new Error(`fake Stripe: session ${sessionId} has no payment processing`);
    }
    const built: FakeEvent[] = [];
    if (succeed) {
      intent.status = "succeeded";
      intent.amount_received = intent.amount;
      Object.assign(charge, {
        status: "succeeded",
        paid: true,
        captured: true,
        amount_captured: charge.amount,
        balance_transaction: newId("txn"),
      });
      session.payment_status = "paid";
      built.push(
        event("payment_intent.succeeded", intent),
        event("charge.succeeded", charge),
        event("checkout.session.async_payment_succeeded", render(session, [])),
      );
    } else {
      const error = {
        code: "payment_intent_payment_attempt_failed",
        message: "The payment failed.",
        type: "invalid_request_error",
        payment_method: { id: intent.payment_method, type: "sepa_debit" },
      };
      Object.assign(intent, { status: "requires_payment_method", last_payment_error: error });
      Object.assign(charge, {
        status: "failed",
        failure_code: "insufficient_funds",
        failure_message: "The customer's account has insufficient funds to cover this payment.",
      });
      built.push(
        event("payment_intent.payment_failed", intent),
        event("charge.failed", charge),
        event("checkout.session.async_payment_failed", render(session, [])),
      );
    }
    return fakeChange(render(session, []) as FakeSession, built);
  };

  const expireSession = (account: FakeStripeAccount | undefined, id: string) => {
    const session = sessions.get(id);
    const stored = objects.get(id);
    if (!session || !stored || (account && stored.account !== account)) {
      throw noSuch("checkout.session", id, "session");
    }
    if (session.status !== "open") {
      throw new Refusal(
        {
          status: 400,
          error: {
            type: "invalid_request_error",
            message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
          },
        },
        true,
      );
    }
    session.status = "expired";
    session.url = null;
    const built = [event("checkout.session.expired", render(session, []))];
    return fakeChange(render(session, []) as FakeSession, built);
  };

  const refund = (
    account: FakeStripeAccount,
    args: {
      intentId?: string;
      chargeId?: string;
      amount?: number;
      reason?: string | null;
      metadata?: Record<string, string>;
    },
  ): FakeStripeChange<StripeJson> => {
    let charge: StripeJson | undefined;
    if (args.chargeId) {
      charge = find(args.chargeId, account)?.obj;
      if (!charge || charge.object !== "charge") throw noSuch("charge", args.chargeId, "charge");
    } else if (args.intentId) {
      const intent = find(args.intentId, account)?.obj;
      if (!intent || intent.object !== "payment_intent") {
        throw noSuch("payment_intent", args.intentId, "payment_intent");
      }
      if (intent.status !== "succeeded") {
        throw new Refusal(
          {
            status: 400,
            error: {
              type: "invalid_request_error",
              message: `This PaymentIntent (${args.intentId}) does not have a successful charge to refund.`,
              param: "payment_intent",
            },
          },
          true,
        );
      }
      charge = objects.get(String(intent.latest_charge))?.obj;
    }
    if (!charge) throw new Error("fake Stripe: no charge to refund");
    const total = Number(charge.amount);
    const already = Number(charge.amount_refunded);
    if (charge.refunded === true || already >= total) {
      throw new Refusal(
        {
          status: 400,
          error: {
            type: "invalid_request_error",
            code: "charge_already_refunded",
            doc_url: "https://stripe.com/docs/error-codes/charge-already-refunded",
            message: `Charge ${String(charge.id)} has already been refunded.`,
          },
        },
        true,
      );
    }
    const amount = args.amount ?? total - already;
    if (amount < 1) throw invalid("This value must be greater than or equal to 1.", "amount");
    if (amount > total - already) {
      throw new Refusal(
        {
          status: 400,
          error: {
            type: "invalid_request_error",
            code: "amount_too_large",
            param: "amount",
            message: `Refund amount (${amount} ${String(charge.currency)}) is greater than unrefunded amount on charge (${total - already} ${String(charge.currency)})`,
          },
        },
        true,
      );
    }
    const refundObject = keep(account, {
      id: newId("re"),
      object: "refund",
      amount,
      balance_transaction: newId("txn"),
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      destination_details: {
        card: {
          reference_status: "pending",
          reference_type: "acquirer_reference_number",
          type: "refund",
        },
        type: "card",
      },
      metadata: args.metadata ?? {},
      payment_intent: charge.payment_intent,
      reason: args.reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null,
    });
    const previous = { amount_refunded: already, refunded: false };
    charge.amount_refunded = already + amount;
    charge.refunded = already + amount >= total;
    const built = [
      event("refund.created", refundObject),
      event("charge.refunded", render(charge, []), previous),
    ];
    return fakeChange(refundObject, built);
  };

  // --- routes ---

  const retrieve = (kind: string, param: string) => (ctx: Ctx) => {
    const id = decodeURIComponent(ctx.match[1] ?? "");
    const stored = find(id, ctx.account);
    if (!stored || stored.obj.object !== kind) throw noSuch(kind, id, param);
    return { body: render(stored.obj, expandOf(ctx.params)) };
  };

  /** The subscription ends now, as when it is canceled in the API or the Dashboard. */
  const endSubscription = (sub: StripeJson) => {
    const at = now();
    Object.assign(sub, {
      status: "canceled",
      canceled_at: at,
      ended_at: at,
      cancellation_details: { comment: null, feedback: null, reason: "cancellation_requested" },
    });
    return event("customer.subscription.deleted", render(sub, []), { status: "active" });
  };

  const routes: Route[] = [
    { method: "POST", pattern: /^\/v1\/checkout\/sessions$/, handler: createSession },
    {
      method: "DELETE",
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      handler: (ctx) => {
        const id = decodeURIComponent(ctx.match[1] ?? "");
        const stored = find(id, ctx.account);
        if (!stored || stored.obj.object !== "subscription")
          throw noSuch("subscription", id, "subscription_exposed_id");
        if (stored.obj.status !== "canceled") endSubscription(stored.obj);
        return { body: render(stored.obj, []) };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
      handler: retrieve("checkout.session", "session"),
    },
    {
      method: "POST",
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
      handler: (ctx) => {
        checkKnown(ctx.params, ["expand"]);
        const change = expireSession(ctx.account, decodeURIComponent(ctx.match[1] ?? ""));
        return { body: render(change.object, expandOf(ctx.params)) };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      handler: retrieve("payment_intent", "intent"),
    },
    { method: "GET", pattern: /^\/v1\/charges\/([^/]+)$/, handler: retrieve("charge", "charge") },
    { method: "GET", pattern: /^\/v1\/refunds\/([^/]+)$/, handler: retrieve("refund", "refund") },
    {
      method: "GET",
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      handler: retrieve("subscription", "subscription_exposed_id"),
    },
    {
      method: "GET",
      pattern: /^\/v1\/invoices\/([^/]+)$/,
      handler: retrieve("invoice", "invoice"),
    },
    {
      method: "GET",
      pattern: /^\/v1\/invoice_payments$/,
      handler: ({ account, params }) => {
        const invoice = str(params, "invoice");
        const data = [...objects.values()]
          .filter(
            (s) =>
              s.account === account &&
              s.obj.object === "invoice_payment" &&
              (invoice === undefined || s.obj.invoice === invoice),
          )
          .map((s) => s.obj);
        const expand = expandOf(params).filter((p) => p.startsWith("data."));
        const url = "/v1/invoice_payments";
        return { body: expandValue(list(url, data), expand.length ? expand : []) };
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/refunds$/,
      handler: ({ account, params }) => {
        checkKnown(params, REFUND_PARAMS);
        const intentId = str(params, "payment_intent");
        const chargeId = str(params, "charge");
        if (!intentId && !chargeId) {
          throw invalid(
            "One of the following params should be provided for this request: payment_intent or charge.",
          );
        }
        const reason = str(params, "reason");
        if (
          reason !== undefined &&
          !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)
        ) {
          throw invalid(
            "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
            "reason",
          );
        }
        const change = refund(account, {
          ...(intentId ? { intentId } : {}),
          ...(chargeId ? { chargeId } : {}),
          ...(int(params, "amount") !== undefined ? { amount: int(params, "amount") } : {}),
          reason: reason ?? null,
          metadata: metadataOf(params, "metadata"),
        });
        return { body: render(change.object, expandOf(params)) };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/account$/,
      handler: ({ account }) => ({
        body: {
          id: account.id,
          object: "account",
          business_profile: { name: account.displayName, url: null, support_email: null },
          business_type: "company",
          capabilities: { card_payments: "active", transfers: "active" },
          charges_enabled: true,
          country: "US",
          created: now() - 86400,
          default_currency: "usd",
          details_submitted: true,
          email: "owner@example.com",
          payouts_enabled: true,
          settings: { dashboard: { display_name: account.displayName, timezone: "Etc/UTC" } },
          type: "standard",
        },
      }),
    },
    {
      method: "GET",
      pattern: /^\/v1\/balance$/,
      handler: () => ({
        body: {
          object: "balance",
          available: [{ amount: 0, currency: "usd", source_types: { card: 0 } }],
          livemode: false,
          pending: [{ amount: 0, currency: "usd", source_types: { card: 0 } }],
        },
      }),
    },
  ];

  // --- http ---

  const send = (
    res: ServerResponse,
    call: FakeStripeCall,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    call.status = status;
    call.response = body;
    res.writeHead(status, {
      "content-type": "application/json",
      "request-id": `req_${base62(14)}`,
      "stripe-version": call.stripeVersion ?? Stripe.API_VERSION,
      ...(call.idempotencyKey ? { "idempotency-key": call.idempotencyKey } : {}),
      ...headers,
    });
    res.end(JSON.stringify(body));
  };

  const refuse = (res: ServerResponse, call: FakeStripeCall, failure: FakeStripeFailure) =>
    send(res, call, failure.status, { error: failure.error });

  const keyOf = (req: IncomingMessage): string | undefined => {
    const header = req.headers.authorization ?? "";
    const bearer = /^Bearer\s+(.+)$/i.exec(header);
    if (bearer) return bearer[1]?.trim();
    const basic = /^Basic\s+(.+)$/i.exec(header);
    if (basic)
      return Buffer.from(basic[1] ?? "", "base64")
        .toString("utf8")
        .split(":")[0];
    return undefined;
  };

  const masked = (key: string) => {
    const prefix = /^(sk|rk)_(test|live)_/.exec(key)?.[0] ?? "";
    return `${prefix}${"*".repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const idempotencyKey = header("idempotency-key");
    const stripeVersion = header("stripe-version");
    const apiKey = keyOf(req);
    const call: FakeStripeCall = {
      method,
      path: url.pathname,
      params: {},
      ...(apiKey ? { apiKey } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(stripeVersion ? { stripeVersion } : {}),
      at: Date.now(),
      status: 0,
      response: undefined,
      replayed: false,
    };
    calls.push(call);
    const query = url.search.length > 1 ? parseStripeForm(url.search.slice(1)) : {};
    const body = raw.length > 0 ? parseStripeForm(raw) : {};
    call.params = { ...query, ...body };

    if (!apiKey) {
      return refuse(res, call, {
        status: 401,
        error: {
          type: "invalid_request_error",
          message:
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        },
      });
    }
    const account = accounts.get(apiKey);
    if (!account) {
      return refuse(res, call, {
        status: 401,
        error: {
          type: "invalid_request_error",
          code: "api_key_invalid",
          message: `Invalid API Key provided: ${masked(apiKey)}`,
        },
      });
    }
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    for (const r of routes) {
      match = r.method === method ? r.pattern.exec(url.pathname) : null;
      if (match) {
        route = r;
        break;
      }
    }
    if (!route || !match) {
      return refuse(res, call, {
        status: 404,
        error: {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        },
      });
    }

    const routeKey = `${method} ${url.pathname}`;
    const storeKey =
      idempotencyKey && method === "POST" ? `${account.id}:${idempotencyKey}` : undefined;
    const fingerprint = canonical(body);
    if (storeKey) {
      const previous = idempotency.get(storeKey);
      if (previous) {
        if (previous.route !== routeKey) {
          return refuse(res, call, {
            status: 400,
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${previous.route}' vs '${routeKey}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
        }
        if (previous.params !== fingerprint) {
          return refuse(res, call, {
            status: 400,
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
        }
        call.replayed = true;
        return send(res, call, previous.status, previous.body, { "idempotent-replayed": "true" });
      }
    }

    const queued = [...failures.entries()].find(
      ([key, queue]) => queue.length > 0 && routeKey.toLowerCase().startsWith(key),
    )?.[1];
    const next = queued?.[0];
    if (queued && next) {
      next.remaining -= 1;
      if (next.remaining <= 0) queued.shift();
      return refuse(res, call, next.failure);
    }

    try {
      const out = route.handler({
        account,
        params: call.params,
        match,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      const status = out.status ?? 200;
      if (storeKey)
        idempotency.set(storeKey, { route: routeKey, params: fingerprint, status, body: out.body });
      return send(res, call, status, out.body);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      if (storeKey && err.saved) {
        idempotency.set(storeKey, {
          route: routeKey,
          params: fingerprint,
          status: err.failure.status,
          body: { error: err.failure.error },
        });
      }
      return refuse(res, call, err.failure);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { type: "api_error", message: `fake Stripe: ${String(err)}` } }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake Stripe: no TCP port");

  const ownerOf = (object: StripeJson): FakeStripeAccount | undefined =>
    typeof object.id === "string" ? objects.get(object.id)?.account : undefined;

  const fake: FakeStripe = {
    apiBase: `http://127.0.0.1:${address.port}`,
    calls,
    callsTo: (method, path) =>
      calls.filter((c) => c.method === method.toUpperCase() && c.path.startsWith(path)),
    sessions,
    events,
    addAccount: (accountOpts = {}) => {
      const account: FakeStripeAccount = {
        id: newId("acct", 16),
        secretKey: `sk_test_51${base62(97)}`,
        webhookSecret: `whsec_${base62(32)}`,
        displayName: accountOpts.displayName ?? "Test Shop",
      };
      accounts.set(account.secretKey, account);
      return account;
    },
    get: (id) => {
      const stored = objects.get(id);
      return stored ? render(stored.obj, []) : undefined;
    },
    completeSession,
    succeedAsyncPayment: (id) => settleAsync(id, true),
    failAsyncPayment: (id) => settleAsync(id, false),
    expireSession: (id) => expireSession(undefined, id),
    refundFromDashboard: (intentId, refundOpts = {}) => {
      const stored = objects.get(intentId);
      if (!stored) throw new Error(`fake Stripe: no payment intent ${intentId}`);
      return refund(stored.account, {
        intentId,
        ...(refundOpts.amount !== undefined ? { amount: refundOpts.amount } : {}),
        reason: "requested_by_customer",
      });
    },
    cancelSubscription: (id) => {
      const stored = objects.get(id);
      if (!stored || stored.obj.object !== "subscription") {
        throw new Error(`fake Stripe: no subscription ${id}`);
      }
      const sub = stored.obj;
      const built = [endSubscription(sub)];
      return fakeChange(render(sub, []), built);
    },
    renewSubscription: (id) => {
      const stored = objects.get(id);
      if (!stored || stored.obj.object !== "subscription" || stored.obj.status !== "active") {
        throw new Error(`fake Stripe: no active subscription ${id}`);
      }
      const sub = stored.obj;
      const items = isRecord(sub.items) && Array.isArray(sub.items.data) ? sub.items.data : [];
      const first = items[0];
      if (!isRecord(first) || !isRecord(first.price) || !isRecord(first.price.recurring)) {
        throw new Error(`fake Stripe: subscription ${id} has no recurring item`);
      }
      const start = Number(first.current_period_end);
      const end = start + periodSeconds(first.price.recurring);
      first.current_period_start = start;
      first.current_period_end = end;
      const amount = items.reduce(
        (sum: number, it) =>
          isRecord(it) && isRecord(it.price)
            ? sum + Number(it.price.unit_amount) * Number(it.quantity)
            : sum,
        0,
      );
      const metadata = isRecord(sub.metadata)
        ? Object.fromEntries(Object.entries(sub.metadata).map(([k, v]) => [k, String(v)]))
        : {};
      const { invoice, intent, charge } = invoiceFor(stored.account, {
        subscription: sub,
        metadata,
        amount,
        currency: String(sub.currency),
        customer: String(sub.customer),
        reason: "subscription_cycle",
        periodStart: start,
        periodEnd: end,
      });
      const built = [
        event("payment_intent.succeeded", intent),
        event("charge.succeeded", charge),
        event("invoice.paid", invoice),
        event("invoice.payment_succeeded", invoice),
      ];
      return fakeChange(render(invoice, []), built);
    },
    buildEvent: (type, object) => event(type, object),
    sendEvent: async (url, type, object, deliverOpts = {}) => {
      const built = event(type, object);
      const response = await fake.deliver(url, built, deliverOpts);
      return { event: built, response };
    },
    deliver: async (url, built, deliverOpts = {}) => {
      const payload = JSON.stringify(built, null, 2);
      const headers: Record<string, string> = {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      };
      if (!deliverOpts.unsigned) {
        const secret = deliverOpts.secret ?? ownerOf(built.data.object)?.webhookSecret;
        if (!secret) {
          throw new Error(
            `fake Stripe: no account owns ${String(built.data.object.id)}; pass { secret }`,
          );
        }
        headers["stripe-signature"] = Stripe.webhooks.generateTestHeaderString({
          payload,
          secret,
          ...(deliverOpts.timestamp !== undefined ? { timestamp: deliverOpts.timestamp } : {}),
        });
      }
      return fetch(url, { method: "POST", headers, body: payload });
    },
    failNext: (method, path, failure, times = 1) => {
      const key = `${method.toUpperCase()} ${path}`.toLowerCase();
      const queue = failures.get(key) ?? [];
      queue.push({ failure, remaining: times });
      failures.set(key, queue);
    },
    reset: () => {
      calls.length = 0;
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}
