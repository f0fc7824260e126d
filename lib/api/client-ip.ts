import "server-only";

/**
 * The address to rate-limit a public request by. Route handlers do not see the socket, so this
 * reads X-Forwarded-For: `next start` and reverse proxies append the peer they saw, which makes
 * the rightmost entry the one a client cannot forge (the leftmost is whatever the client sent).
 */
export function clientIp(req: Request): string {
  const forwarded = req.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || req.headers.get("x-real-ip")?.trim() || "unknown";
}
