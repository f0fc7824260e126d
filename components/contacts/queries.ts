import type { z } from "zod";
import { api } from "@/components/api/request";
import {
  contactTimeline,
  eraseContact,
  exportContacts,
  getContact,
  importContacts,
  listContactFields,
  listContacts,
  listSegments,
  updateContactField,
  updateSegment,
  type contactDetailSchema,
  type contactFieldSchema,
  type contactSchema,
  type contactTimelineItemSchema,
  type importReportSchema,
  type segmentSchema,
} from "@/lib/api/contracts/contacts";
import type { SegmentFilter } from "@/lib/contacts/segment-filter";

export type ContactDto = z.infer<typeof contactSchema>;
export type ContactDetailDto = z.infer<typeof contactDetailSchema>;
export type TimelineItemDto = z.infer<typeof contactTimelineItemSchema>;
export type SegmentDto = z.infer<typeof segmentSchema>;
export type ContactFieldDto = z.infer<typeof contactFieldSchema>;
export type ImportReportDto = z.infer<typeof importReportSchema>;
export type ContactSort = "activity" | "created" | "name";

/** Every contacts query starts with this key: one invalidation refreshes lists and counts. */
export const contactsKey = ["contacts"] as const;

/** A filter without empty values, so equal filters make equal query keys and URLs. */
export function cleanFilter(filter: SegmentFilter): SegmentFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as SegmentFilter;
}

const filterQuery = (filter: SegmentFilter) => {
  const clean = cleanFilter(filter);
  return Object.keys(clean).length ? JSON.stringify(clean) : undefined;
};

export const contactsQuery = (filter: SegmentFilter, sort: ContactSort) => ({
  queryKey: [...contactsKey, "list", cleanFilter(filter), sort] as const,
  queryFn: ({ signal, pageParam }: { signal: AbortSignal; pageParam: string | null }) =>
    api.get<{ data: ContactDto[]; nextCursor: string | null; total: number | null }>(
      listContacts.path,
      { filter: filterQuery(filter), sort, cursor: pageParam, limit: 50 },
      signal,
    ),
  initialPageParam: null as string | null,
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor,
});

export const exportHref = (filter: SegmentFilter, sort: ContactSort) => {
  const params = new URLSearchParams({ sort });
  const f = filterQuery(filter);
  if (f) params.set("filter", f);
  return `${exportContacts.path}?${params}`;
};

export const segmentsQuery = {
  queryKey: [...contactsKey, "segments"] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<{ data: SegmentDto[] }>(listSegments.path, undefined, signal).then((r) => r.data),
};

export const fieldsQuery = {
  queryKey: [...contactsKey, "fields"] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ data: ContactFieldDto[] }>(listContactFields.path, undefined, signal)
      .then((r) => r.data),
};

const withId = (path: string, id: string) => path.replace("{id}", encodeURIComponent(id));

export const contactPath = (id: string) => withId(getContact.path, id);
export const erasePath = (id: string) => withId(eraseContact.path, id);
export const segmentPath = (id: string) => withId(updateSegment.path, id);
export const fieldPath = (id: string) => withId(updateContactField.path, id);
export const segmentsPath = listSegments.path;
export const fieldsPath = listContactFields.path;
export const importPath = importContacts.path;
export const contactHref = (id: string) => `/contacts/${encodeURIComponent(id)}`;

export const contactQuery = (id: string) => ({
  queryKey: [...contactsKey, id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<ContactDetailDto>(contactPath(id), undefined, signal),
  retry: false,
});

export const timelineQuery = (id: string) => ({
  queryKey: [...contactsKey, id, "timeline"] as const,
  queryFn: ({ signal, pageParam }: { signal: AbortSignal; pageParam: string | null }) =>
    api.get<{ data: TimelineItemDto[]; nextCursor: string | null }>(
      withId(contactTimeline.path, id),
      { cursor: pageParam, limit: 30 },
      signal,
    ),
  initialPageParam: null as string | null,
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor,
});

/** Two letters for the avatar: first and last name, or the first two of one name. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const [a, b] = parts;
  return ((a?.[0] ?? "") + (b?.[0] ?? a?.[1] ?? "")).toUpperCase();
}

/** The API's body limit (lib/api/body.ts): the import dialog refuses a bigger file before sending. */
export const MAX_JSON_BODY_BYTES_CLIENT = 1024 * 1024;
