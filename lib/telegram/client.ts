import "server-only";
import { Api, GrammyError, HttpError, type Transformer } from "grammy";
import { ApiError } from "@/lib/api/errors";
import { config } from "@/lib/config/env";
import { metrics } from "@/lib/metrics/registry";

/**
 * The one way the app talks to the Telegram Bot API: grammY's client, pointed at
 * TELEGRAM_API_ROOT so tests, e2e and the bench can use a local fake.
 */
export function telegramApi(token: string): Api {
  const api = new Api(token, {
    apiRoot: config().TELEGRAM_API_ROOT,
    // grammY waits 500 s by default (the Bot API server's own limit); nothing we send through
    // this client is a large upload, and an owner's click or a queued send should not hang.
    timeoutSeconds: 30,
  });
  api.config.use(countRateLimits);
  return api;
}

/**
 * Counts Telegram's 429 answers to any call made through this client (the sender's, a
 * delivery's, an owner's click), whoever then handles them.
 */
const countRateLimits: Transformer = async (prev, method, payload, signal) => {
  const res = await prev(method, payload, signal);
  if (!res.ok && res.error_code === 429) {
    const m = metrics();
    m.telegramRateLimited.inc({ method });
    m.telegramRetryAfter.inc({ method }, res.parameters?.retry_after ?? 0);
  }
  return res;
};

/** Telegram's error codes that mean "this token names no bot" (404 is a malformed token). */
const REJECTED_TOKEN = new Set([401, 404]);

export function isRejectedToken(err: unknown): err is GrammyError {
  return err instanceof GrammyError && REJECTED_TOKEN.has(err.error_code);
}

/**
 * Turns a failed Bot API call into our error type, keeping Telegram's own description so the
 * owner sees why. `tokenField` names the input field to blame when Telegram rejects the token
 * (a 422 with that field's path, so a form can show it next to the field).
 * Anything that is not a grammY error is returned unchanged.
 */
export function telegramApiError(err: unknown, opts: { tokenField?: string } = {}): unknown {
  if (err instanceof GrammyError) {
    const said = `Telegram answered ${err.method}: ${err.error_code} ${err.description}`;
    if (REJECTED_TOKEN.has(err.error_code)) {
      const message = `Telegram does not accept this bot token (${err.description}). Copy it again from @BotFather.`;
      return new ApiError("unprocessable_entity", message, {
        cause: err,
        details: opts.tokenField ? [{ path: opts.tokenField, message }] : undefined,
      });
    }
    if (err.error_code === 429) {
      const retryAfter = err.parameters.retry_after;
      return new ApiError("rate_limited", `${said}. Try again later.`, {
        cause: err,
        headers: retryAfter ? { "retry-after": String(retryAfter) } : undefined,
      });
    }
    if (err.error_code >= 500) {
      return new ApiError("service_unavailable", `${said}. Try again in a minute.`, { cause: err });
    }
    // 400, 403, 409: Telegram understood and refused (a bad webhook URL, a blocked bot, …).
    return new ApiError("unprocessable_entity", said, { cause: err });
  }
  if (err instanceof HttpError) {
    return new ApiError(
      "service_unavailable",
      `Telegram could not be reached (${networkReason(err.error)}). Try again in a minute.`,
      { cause: err },
    );
  }
  return err;
}

/**
 * Why a request never got an answer, without the request URL: node-fetch puts the whole URL in
 * its messages, and the URL contains the bot token.
 */
function networkReason(error: unknown): string {
  if (typeof error === "object" && error && "code" in error && typeof error.code === "string")
    return error.code;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/bot\d+:[\w-]+/g, "bot<token>");
}

/** Calls Telegram and throws our ApiError when it fails (see telegramApiError). */
export async function callTelegram<T>(
  run: () => Promise<T>,
  opts: { tokenField?: string } = {},
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw telegramApiError(err, opts);
  }
}
