import "server-only";
import type { z } from "zod";
import { config } from "@/lib/config/env";
import {
  YOOKASSA_LIMITS,
  yookassaErrorBodySchema,
  yookassaMeSchema,
  yookassaPaymentSchema,
  yookassaRefundSchema,
  type CreatePaymentParams,
  type CreateRefundParams,
  type YookassaErrorBody,
  type YookassaMe,
  type YookassaPayment,
  type YookassaRefund,
} from "./schemas";

/**
 * A small typed client for YooKassa API v3 (fetch + zod). Base URL: YOOKASSA_API_URL, so tests,
 * e2e and the bench can point it at test/fakes/yookassa.ts. Three ways a call can fail, kept
 * apart because the caller's next step differs:
 *
 * - `YookassaApiError`: YooKassa answered and refused (4xx), or failed (5xx). Its body is kept.
 * - `YookassaNetworkError`: no answer at all (connection refused, reset, timeout).
 * - `YookassaResponseError`: an answer we cannot read (not JSON, or not the documented shape).
 *
 * After a network error or a 5xx the outcome of a POST is unknown: YooKassa's rule is to repeat
 * the request with the same Idempotence-Key and the same body (or GET the object), never with a
 * new key. That is why the key is always the caller's, derived from our order or refund.
 */

export interface YookassaCredentials {
  shopId: string;
  secretKey: string;
}

export interface YookassaClientOptions {
  /** Defaults to config().YOOKASSA_API_URL, read on every call. */
  apiUrl?: string;
  /** Per request, body included. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const YOOKASSA_DEFAULT_TIMEOUT_MS = 30_000;

export abstract class YookassaError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the request may have taken effect and should be repeated with the same key. */
  abstract get outcomeUnknown(): boolean;
}

/** YooKassa answered with a non-2xx status. */
export class YookassaApiError extends YookassaError {
  readonly name = "YookassaApiError";

  constructor(
    method: string,
    path: string,
    readonly status: number,
    /** YooKassa's error object, when the answer had one (405 and 415 may come without). */
    readonly body: YookassaErrorBody | undefined,
    /** The raw answer, for the journal when there was no error object. */
    readonly text: string,
  ) {
    const said = body
      ? `${body.code}${body.description ? `: ${body.description}` : ""}${
          body.parameter ? ` (parameter ${body.parameter})` : ""
        }`
      : text.slice(0, 200) || "no body";
    super(method, path, `YooKassa answered ${method} ${path} with ${status} ${said}`);
  }

  /** invalid_request, invalid_credentials, forbidden, not_found, too_many_requests, internal_server_error. */
  get code(): string {
    return this.body?.code ?? `http_${this.status}`;
  }
  get description(): string | undefined {
    return this.body?.description;
  }
  get parameter(): string | undefined {
    return this.body?.parameter;
  }
  /** YooKassa's id of this error, for its support. */
  get errorId(): string | undefined {
    return this.body?.id;
  }
  get outcomeUnknown(): boolean {
    return this.status >= 500;
  }
}

/** The request got no answer: refused or reset connection, DNS failure, or our timeout. */
export class YookassaNetworkError extends YookassaError {
  readonly name = "YookassaNetworkError";

  constructor(
    method: string,
    path: string,
    readonly reason: "timeout" | "network",
    cause: unknown,
  ) {
    super(
      method,
      path,
      reason === "timeout"
        ? `YooKassa did not answer ${method} ${path} in time`
        : `YooKassa could not be reached for ${method} ${path} (${causeCode(cause)})`,
      { cause },
    );
  }

  get outcomeUnknown(): boolean {
    return true;
  }
}

/** A 2xx answer that is not JSON or not the documented object. */
export class YookassaResponseError extends YookassaError {
  readonly name = "YookassaResponseError";

  constructor(
    method: string,
    path: string,
    readonly status: number,
    readonly text: string,
    readonly issues: z.core.$ZodIssue[] | undefined,
  ) {
    const what = issues
      ? issues
          .slice(0, 3)
          .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
          .join("; ")
      : "not JSON";
    super(
      method,
      path,
      `YooKassa's answer to ${method} ${path} is not what its API documents (${what})`,
    );
  }

  get outcomeUnknown(): boolean {
    return false;
  }
}

function causeCode(cause: unknown): string {
  // undici wraps the system error: TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }).
  const inner = cause instanceof Error && cause.cause !== undefined ? cause.cause : cause;
  if (typeof inner === "object" && inner && "code" in inner && typeof inner.code === "string")
    return inner.code;
  return inner instanceof Error ? inner.message : String(inner);
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && err.name === "TimeoutError";
}

function checkIdempotenceKey(key: string): void {
  if (key.length === 0 || key.length > YOOKASSA_LIMITS.idempotenceKey) {
    throw new RangeError(
      `An Idempotence-Key is 1–${YOOKASSA_LIMITS.idempotenceKey} characters, got ${key.length}`,
    );
  }
}

function checkDescription(description: string | undefined): void {
  if (description !== undefined && description.length > YOOKASSA_LIMITS.description) {
    throw new RangeError(
      `YooKassa takes descriptions of up to ${YOOKASSA_LIMITS.description} characters, got ${description.length}`,
    );
  }
}

export interface YookassaClient {
  createPayment(params: CreatePaymentParams, idempotenceKey: string): Promise<YookassaPayment>;
  getPayment(paymentId: string): Promise<YookassaPayment>;
  createRefund(params: CreateRefundParams, idempotenceKey: string): Promise<YookassaRefund>;
  getRefund(refundId: string): Promise<YookassaRefund>;
  /** GET /me: the shop behind the credentials; the cheap call behind "Test connection". */
  getMe(): Promise<YookassaMe>;
}

export function yookassaClient(
  credentials: YookassaCredentials,
  options: YookassaClientOptions = {},
): YookassaClient {
  const authorization = `Basic ${Buffer.from(
    `${credentials.shopId}:${credentials.secretKey}`,
  ).toString("base64")}`;
  const timeoutMs = options.timeoutMs ?? YOOKASSA_DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;

  async function call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    post?: { body: unknown; idempotenceKey: string },
  ): Promise<z.infer<S>> {
    const base = (options.apiUrl ?? config().YOOKASSA_API_URL).replace(/\/+$/, "");
    const headers: Record<string, string> = { authorization, accept: "application/json" };
    if (post) {
      headers["content-type"] = "application/json";
      headers["idempotence-key"] = post.idempotenceKey;
    }
    let status: number;
    let text: string;
    try {
      const res = await doFetch(base + path, {
        method,
        headers,
        body: post ? JSON.stringify(post.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      // The timeout also covers the body: a server that stalls mid-answer is no answer.
      text = await res.text();
    } catch (err) {
      throw new YookassaNetworkError(method, path, isTimeout(err) ? "timeout" : "network", err);
    }

    let json: unknown;
    let isJson = true;
    try {
      json = JSON.parse(text);
    } catch {
      isJson = false;
    }

    if (status < 200 || status > 299) {
      const body = isJson ? yookassaErrorBodySchema.safeParse(json) : undefined;
      throw new YookassaApiError(method, path, status, body?.success ? body.data : undefined, text);
    }
    if (!isJson) throw new YookassaResponseError(method, path, status, text, undefined);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new YookassaResponseError(method, path, status, text, parsed.error.issues);
    }
    return parsed.data;
  }

  const id = (value: string) => encodeURIComponent(value);

  return {
    async createPayment(params, idempotenceKey) {
      checkIdempotenceKey(idempotenceKey);
      checkDescription(params.description);
      return call("POST", "/payments", yookassaPaymentSchema, { body: params, idempotenceKey });
    },
    async getPayment(paymentId) {
      return call("GET", `/payments/${id(paymentId)}`, yookassaPaymentSchema);
    },
    async createRefund(params, idempotenceKey) {
      checkIdempotenceKey(idempotenceKey);
      checkDescription(params.description);
      return call("POST", "/refunds", yookassaRefundSchema, { body: params, idempotenceKey });
    },
    async getRefund(refundId) {
      return call("GET", `/refunds/${id(refundId)}`, yookassaRefundSchema);
    },
    async getMe() {
      return call("GET", "/me", yookassaMeSchema);
    },
  };
}
