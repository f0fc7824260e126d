import type { z } from "zod";
import { iso } from "@/lib/api/contracts/common";
import type {
  cannedReplySchema,
  conversationSummarySchema,
  getConversation,
  inboxMessageSchema,
} from "@/lib/api/contracts/inbox";
import type { CannedReply } from "./canned-replies";
import type { ConversationCard } from "./card";
import type { ConversationRow } from "./list";
import type { ThreadMessage } from "./thread";

export function toConversationSummaryDto(
  row: ConversationRow,
): z.input<typeof conversationSummarySchema> {
  return {
    id: row.id,
    status: row.status,
    unread: row.unread,
    lastMessageAt: iso(row.lastMessageAt),
    lastMessageText: row.lastMessageText,
    waitingSince:
      row.status === "waiting" || row.status === "assigned" ? iso(row.waitingSince) : null,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? "" } : null,
    bot: { id: row.botId, name: row.botName },
    contact: {
      id: row.contactId,
      name: [row.firstName, row.lastName].filter(Boolean).join(" "),
      username: row.username,
      phone: row.phone,
      blocked: row.blocked,
    },
  };
}

type CardDto = z.input<NonNullable<typeof getConversation.response>>;

export function toConversationCardDto(card: ConversationCard): CardDto {
  const c = card.contact;
  return {
    conversation: toConversationSummaryDto(card.conversation),
    contact: {
      id: c.id,
      firstName: c.firstName,
      lastName: c.lastName,
      username: c.username,
      phone: c.phone,
      languageCode: c.languageCode,
      externalId: c.externalId,
      tags: c.tags,
      fields: c.fields,
      startPayload: c.startPayload,
      blocked: c.blocked,
      telegramId: c.channelUserId,
      createdAt: iso(c.createdAt),
    },
    orders: card.orders.map((o) => ({ ...o, createdAt: iso(o.createdAt) })),
    session: card.session && { ...card.session, updatedAt: iso(card.session.updatedAt) },
    handoff: card.handoff && {
      ...card.handoff,
      requestedAt: iso(card.handoff.requestedAt),
      assignedAt: iso(card.handoff.assignedAt),
    },
  };
}

export function toInboxMessageDto(m: ThreadMessage): z.input<typeof inboxMessageSchema> {
  const file = m.content.file;
  return {
    id: m.id,
    direction: m.direction,
    author: m.author,
    agent: m.agentId ? { id: m.agentId, name: m.agentName ?? "" } : null,
    text: m.text,
    buttons: Array.isArray(m.content.buttons) ? m.content.buttons : null,
    pressed:
      m.content.pressed !== undefined ? { data: m.content.pressed, label: m.pressedLabel } : null,
    phone: m.content.phone ?? null,
    // Telegram's file_id stays inside: it is the bot's, and useless to anyone else.
    file: file ? { name: file.name, mimeType: file.mimeType, size: file.size } : null,
    method: m.content.method ?? null,
    createdAt: iso(m.createdAt),
  };
}

export function toCannedReplyDto(r: CannedReply): z.input<typeof cannedReplySchema> {
  return {
    id: r.id,
    title: r.title,
    text: r.text,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}
