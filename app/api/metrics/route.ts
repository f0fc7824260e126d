import { withRequestId } from "@/lib/api/request-id";
import { config } from "@/lib/config/env";
import { constantTimeEqual } from "@/lib/crypto/secrets";
import { metrics } from "@/lib/metrics/registry";

const error = (status: number, code: string, message: string, headers?: HeadersInit) =>
  Response.json({ error: { code, message } }, { status, headers });

/**
 * Prometheus's scrape target (docs/monitoring.md): this process's metrics in the text format.
 * Off (404) until METRICS_TOKEN is set, then only with `Authorization: Bearer <token>`. There
 * is no "loopback only" default: a route handler does not see the socket, and X-Forwarded-For
 * is whatever the client or the proxy in front says. Not part of the REST API (no contract).
 */
export const GET = withRequestId(async (req: Request) => {
  const token = config().METRICS_TOKEN;
  if (!token) return error(404, "not_found", "Metrics are off: set METRICS_TOKEN to enable them");
  const given = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (!given || !constantTimeEqual(given, token))
    return error(401, "unauthorized", "Use 'Authorization: Bearer <METRICS_TOKEN>'", {
      "www-authenticate": 'Bearer realm="metrics"',
    });
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
});
