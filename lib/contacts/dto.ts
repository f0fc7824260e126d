import "server-only";
import type { z } from "zod";
import { iso } from "@/lib/api/contracts/common";
import type {
  contactDetailSchema,
  contactFieldSchema,
  contactSchema,
  contactTimelineItemSchema,
  segmentSchema,
} from "@/lib/api/contracts/contacts";
import type { ContactFieldRow } from "./field-definitions";
import type { ContactListRow } from "./list";
import type { SegmentRow } from "./saved-segments";
import type { ContactTimelineItem } from "./timeline";

export function toContactDto({
  contact: c,
  bot,
  ordersCount,
}: ContactListRow): z.input<typeof contactSchema> {
  return {
    id: c.id,
    bot,
    telegramId: c.channelUserId,
    name: [c.firstName, c.lastName].filter(Boolean).join(" "),
    firstName: c.firstName,
    lastName: c.lastName,
    username: c.username,
    languageCode: c.languageCode,
    phone: c.phone,
    externalId: c.externalId,
    tags: c.tags,
    fields: c.fields,
    startPayload: c.startPayload,
    blocked: c.blocked,
    test: c.test,
    timeZone: c.timeZone,
    ordersCount,
    createdAt: iso(c.createdAt),
    lastActivityAt: iso(c.updatedAt),
    erasedAt: iso(c.erasedAt),
  };
}

export function toContactDetailDto(
  row: ContactListRow & { conversationId: string | null },
): z.input<typeof contactDetailSchema> {
  return { ...toContactDto(row), conversationId: row.conversationId };
}

export function toTimelineItemDto(
  item: ContactTimelineItem,
): z.input<typeof contactTimelineItemSchema> {
  if (item.source === "message") return { ...item, at: iso(item.at), content: { ...item.content } };
  return { ...item, at: iso(item.at) };
}

export function toSegmentDto(row: SegmentRow & { count: number }): z.input<typeof segmentSchema> {
  return {
    id: row.id,
    name: row.name,
    filter: row.filter,
    count: row.count,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function toContactFieldDto(row: ContactFieldRow): z.input<typeof contactFieldSchema> {
  return {
    id: row.id,
    name: row.name,
    label: row.label,
    type: row.type,
    createdAt: iso(row.createdAt),
  };
}
