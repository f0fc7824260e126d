import { z } from "zod";

/** The journal's filters as they sit in the page's query string (dates as yyyy-mm-dd). */
export interface JournalFilters {
  kind?: string;
  from?: string;
  to?: string;
  contactId?: string;
  orderId?: string;
}

export const filterKeys = ["kind", "from", "to", "contactId", "orderId"] as const;

const day = /^\d{4}-\d{2}-\d{2}$/;
const uuid = z.uuid();

/** Reads the filters from the URL, dropping values the API would refuse. */
export function filtersFromSearch(params: URLSearchParams): JournalFilters {
  const out: JournalFilters = {};
  const kind = params.get("kind")?.trim();
  if (kind) out.kind = kind.slice(0, 100);
  for (const key of ["from", "to"] as const) {
    const v = params.get(key);
    if (v && day.test(v) && !Number.isNaN(localDay(v).getTime())) out[key] = v;
  }
  for (const key of ["contactId", "orderId"] as const) {
    const v = params.get(key)?.trim();
    if (v && uuid.safeParse(v).success) out[key] = v;
  }
  return out;
}

export function searchFromFilters(filters: JournalFilters): string {
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    const v = filters[key];
    if (v) params.set(key, v);
  }
  return params.toString();
}

/** Midnight of a yyyy-mm-dd day in the browser's time zone. */
function localDay(value: string): Date {
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y ?? NaN, (m ?? NaN) - 1, d ?? NaN);
}

/**
 * The API's filter: `from` is the start of the first day and `to` the start of the day after
 * the last one (the API's `to` is exclusive), both in the user's own time zone.
 */
export function apiQueryFromFilters(filters: JournalFilters): Record<string, string | undefined> {
  let to: string | undefined;
  if (filters.to) {
    const end = localDay(filters.to);
    end.setDate(end.getDate() + 1);
    to = end.toISOString();
  }
  return {
    kind: filters.kind,
    from: filters.from ? localDay(filters.from).toISOString() : undefined,
    to,
    contactId: filters.contactId,
    orderId: filters.orderId,
  };
}

export function isUuid(value: string): boolean {
  return uuid.safeParse(value).success;
}
