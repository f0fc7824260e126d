/**
 * Only paths on this site may be a callback: `//evil.example` and `/\evil.example` are other
 * hosts to a browser, so they fall back like any absolute URL.
 */
export function safeCallbackUrl(
  value: string | string[] | null | undefined,
  fallback = "/",
): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !v.startsWith("/") || v.startsWith("//") || v.startsWith("/\\")) return fallback;
  return v;
}

export function withCallback(path: string, callbackUrl: string): string {
  return callbackUrl === "/" ? path : `${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
