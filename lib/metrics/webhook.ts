import "server-only";
import { toErrorResponse } from "@/lib/api/route";
import { inRequestScope, withRequestIdHeader } from "@/lib/api/request-id";
import { metrics, type WebhookOutcome, type WebhookSource } from "./registry";

/** Responses a webhook route refused as unauthenticated, with why (see `rejected`). */
const rejections = new WeakMap<Response, string>();

/**
 * Marks a webhook's answer as a failed verification (a wrong signature, a payment the provider
 * does not confirm): counted in botshop_webhook_verification_failures_total with `reason`.
 * A 401 counts without being marked.
 */
export function rejected(reason: string, res: Response): Response {
  rejections.set(res, reason);
  return res;
}

function outcomeOf(status: number, rejection: string | undefined): WebhookOutcome {
  if (rejection || status === 401) return "rejected";
  if (status < 400) return "ok";
  return status < 500 ? "invalid" : "error";
}

/**
 * The wrapper of a webhook route (Telegram, payment providers, the events API): gives the
 * request its id (echoed in X-Request-Id, on every log line meanwhile), times it into
 * botshop_webhook_duration_seconds by source and outcome, and counts failed verifications.
 * Nothing here touches the database: the Telegram webhook is the hot path.
 */
export function observeWebhook<C>(
  source: WebhookSource,
  handler: (req: Request, ctx: C) => Promise<Response>,
): (req: Request, ctx: C) => Promise<Response> {
  return (req, ctx) =>
    inRequestScope(req, async (requestId) => {
      const started = performance.now();
      let res: Response;
      try {
        res = await handler(req, ctx);
      } catch (err) {
        // Logged with the request id, answered 500 (the sender retries), never a stack trace.
        res = toErrorResponse(err, { requestId });
      }
      const m = metrics();
      const rejection = rejections.get(res) ?? (res.status === 401 ? "unauthorized" : undefined);
      const outcome = outcomeOf(res.status, rejection);
      m.webhookDuration.observe({ source, outcome }, (performance.now() - started) / 1000);
      if (rejection) m.webhookVerificationFailures.inc({ source, reason: rejection });
      return withRequestIdHeader(res, requestId);
    });
}
