import "server-only";

/**
 * The address to rate-limit a public request by. Route handlers do not see the socket, so this
 * reads X-Forwarded-For. A reverse proxy appends the peer it saw, which makes the rightmost
 * entry the one a client cannot forge. `next start` only fills the header when it is absent, so
 * without a proxy in front a client can choose its own key: docs/deployment.md requires a proxy.
 */
export function clientIpFrom(header: (name: string) => string | null | undefined): string {
  const last = header("x-forwarded-for")?.split(",").at(-1)?.trim();
  return last || header("x-real-ip")?.trim() || "unknown";
}

export function clientIp(req: Request): string {
  return clientIpFrom((name) => req.headers.get(name));
}
