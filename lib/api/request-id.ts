import "server-only";
import crypto from "node:crypto";
import { currentRequestId, runWithRequestId } from "@/lib/log";

/**
 * An id a proxy in front may already have given the request (nginx's $request_id, a load
 * balancer's UUID): kept when it is plain enough to put in a log line and a header.
 */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the incoming X-Request-Id when well-formed, else a new UUID. */
export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && WELL_FORMED.test(given) ? given : crypto.randomUUID();
}

/** Sets X-Request-Id on a response, copying it first when its headers are immutable. */
export function withRequestIdHeader(res: Response, requestId: string): Response {
  try {
    res.headers.set("x-request-id", requestId);
    return res;
  } catch {
    // Response.redirect() and fetched responses have immutable headers.
    const copy = new Response(res.body, res);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}

/**
 * Runs `handle` under the request's id: the one an outer wrapper (a webhook's metrics) already
 * gave it, else requestIdOf(req). Every log line written meanwhile carries it. The one place
 * route(), withRequestId and observeWebhook choose the id.
 */
export function inRequestScope<T>(
  req: Request,
  handle: (requestId: string) => Promise<T>,
): Promise<T> {
  const outer = currentRequestId();
  if (outer) return handle(outer);
  const requestId = requestIdOf(req);
  return runWithRequestId(requestId, () => handle(requestId));
}

/**
 * For route handlers that do not go through route(): the request's id on every log line, and
 * echoed in the X-Request-Id response header.
 */
export function withRequestId<R extends Request, C>(
  handler: (req: R, ctx: C) => Promise<Response>,
): (req: R, ctx: C) => Promise<Response> {
  return (req, ctx) =>
    inRequestScope(req, async (requestId) =>
      withRequestIdHeader(await handler(req, ctx), requestId),
    );
}
