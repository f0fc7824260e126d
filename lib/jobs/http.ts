import "server-only";
import { lookup } from "node:dns/promises";
import net from "node:net";

/**
 * The http node's request, made by a worker (never inside a webhook). It refuses private,
 * loopback and link-local addresses (DESIGN.md, "Security rules") unless
 * HTTP_NODE_ALLOW_PRIVATE=1, follows no redirects, stops at the timeout and reads at most
 * maxResponseBytes.
 */
export interface HttpNodeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutSeconds: number;
}

export interface HttpNodeAnswer {
  ok: boolean;
  status?: number;
  body?: unknown;
  error?: string;
  /**
   * The request was not sent and would not be on a retry either: not an http(s) URL, or a
   * private address. (A name that does not resolve may resolve later, so it is not refused.)
   */
  refused?: true;
}

const maxResponseBytes = 256 * 1024;

export async function performHttpRequest(request: HttpNodeRequest): Promise<HttpNodeAnswer> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, error: "not a valid URL", refused: true };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, error: "only http and https URLs", refused: true };
  if (process.env.HTTP_NODE_ALLOW_PRIVATE !== "1") {
    const problem = await addressProblem(url.hostname.replace(/^\[|\]$/g, ""));
    if (problem)
      return { ok: false, error: problem.error, ...(problem.lasting ? { refused: true } : {}) };
  }
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.method === "GET" ? undefined : request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(request.timeoutSeconds * 1000),
    });
    const text = (await response.text()).slice(0, maxResponseBytes);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the text itself.
    }
    return { ok: response.status >= 200 && response.status < 300, status: response.status, body };
  } catch (err) {
    const name = (err as Error).name;
    return { ok: false, error: name === "TimeoutError" ? "timed out" : (err as Error).message };
  }
}

/** Why the host may not be called, or undefined when it is a public address. */
export async function refusedAddress(host: string): Promise<string | undefined> {
  return (await addressProblem(host))?.error;
}

/** `lasting`: a private address stays private; a name that does not resolve may resolve later. */
export async function addressProblem(
  host: string,
): Promise<{ error: string; lasting: boolean } | undefined> {
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return { error: `cannot resolve ${host}`, lasting: false };
  }
  const bad = addresses.find(isPrivateAddress);
  return bad ? { error: `${host} is a private address (${bad})`, lasting: true } : undefined;
}

export function isPrivateAddress(address: string): boolean {
  if (net.isIPv4(address)) {
    const [a, b] = address.split(".").map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith("::ffff:")) return isPrivateAddress(v6.slice(7));
  return (
    v6 === "::" ||
    v6 === "::1" ||
    v6.startsWith("fc") ||
    v6.startsWith("fd") ||
    v6.startsWith("fe8") ||
    v6.startsWith("fe9") ||
    v6.startsWith("fea") ||
    v6.startsWith("feb") ||
    v6.startsWith("ff")
  );
}
