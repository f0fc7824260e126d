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
 * For route handlers that do not go through route(): gives the request its id (or keeps the
 * one an outer wrapper gave it), tags every log line written while it is handled, and echoes
 * the id in the X-Request-Id response header.
 */
export function withRequestId<R extends Request, C>(
  handler: (req: R, ctx: C) => Promise<Response>,
): (req: R, ctx: C) => Promise<Response> {
  return (req, ctx) => {
    const outer = currentRequestId();
    if (outer) return handler(req, ctx).then((res) => withRequestIdHeader(res, outer));
    const requestId = requestIdOf(req);
    return runWithRequestId(requestId, async () =>
      withRequestIdHeader(await handler(req, ctx), requestId),
    );
  };
}
