/**
 * The browser's JSON client for our API. Every failure becomes an ApiRequestError carrying the
 * API's `{error:{code,message,details}}`, so forms can put field errors next to their fields.
 */
export interface ApiFieldIssue {
  path: string;
  message: string;
}

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiFieldIssue[];

  constructor(status: number, code: string, message: string, details: ApiFieldIssue[] = []) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function apiRequest<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  opts: {
    body?: unknown;
    /** A body that is not JSON (a CSV upload), sent as is with its content type. */
    text?: { content: string; type: string };
    query?: Query;
    signal?: AbortSignal;
  } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers: opts.text
        ? { accept: "application/json", "content-type": opts.text.type }
        : opts.body === undefined
          ? { accept: "application/json" }
          : { accept: "application/json", "content-type": "application/json" },
      body: opts.text
        ? opts.text.content
        : opts.body === undefined
          ? undefined
          : JSON.stringify(opts.body),
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiRequestError(0, "network_error", "The server could not be reached");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page, for example: fall through to the generic error below.
  }
  if (!res.ok) {
    const error = (
      json as { error?: { code?: string; message?: string; details?: ApiFieldIssue[] } }
    )?.error;
    throw new ApiRequestError(
      res.status,
      error?.code ?? "internal_error",
      error?.message ?? res.statusText,
      Array.isArray(error?.details) ? error.details : [],
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    apiRequest<T>("GET", path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>("POST", path, { body: body ?? {} }),
  postText: <T>(path: string, content: string, type: string) =>
    apiRequest<T>("POST", path, { text: { content, type } }),
  put: <T>(path: string, body: unknown) => apiRequest<T>("PUT", path, { body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>("PATCH", path, { body }),
  delete: <T = void>(path: string) => apiRequest<T>("DELETE", path),
};
