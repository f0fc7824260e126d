import "server-only";
import { and, asc, count, eq, ilike, or, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, contacts, segments, workspaces } from "@/lib/db/schema";
import { ApiError } from "@/lib/api/errors";
import { segmentWhere } from "@/lib/contacts/segments";
import { escapeLike } from "@/lib/db/like";
import { contactView, type ContactRow } from "@/lib/runtime/engine";
import { contactVariables, type TemplateScope } from "@/lib/runtime/template";
import { audienceFilterOf } from "./broadcasts";
import { clickUrl } from "./click-token";
import { broadcastMessageSchema, clickTargets, isPaidRate, type BroadcastMessage } from "./message";
import { renderBroadcastCall, type BroadcastCall } from "./render";

export interface AudienceRequest {
  botId: string;
  segmentId?: string | null;
  filter?: Record<string, unknown>;
}

export interface AudienceContact {
  id: string;
  name: string;
  username: string | null;
  languageCode: string | null;
}

/** How many contacts the broadcast would reach now, and some of them (for the preview). */
export async function describeAudience(
  db: Executor,
  workspaceId: string,
  request: AudienceRequest & { search?: string },
): Promise<{ count: number; contacts: AudienceContact[] }> {
  const where = segmentWhere(
    workspaceId,
    await audienceFilterOf(db, workspaceId, {
      botId: request.botId,
      segmentId: request.segmentId ?? null,
      filter: request.filter ?? {},
    }),
  );
  const [total] = await db.select({ n: count() }).from(contacts).where(where);
  const pattern = request.search ? `%${escapeLike(request.search)}%` : undefined;
  const sample = await db
    .select()
    .from(contacts)
    .where(
      pattern
        ? and(
            where,
            or(
              ilike(
                sql`${contacts.firstName} || ' ' || coalesce(${contacts.lastName}, '')`,
                pattern,
              ),
              ilike(contacts.username, pattern),
            ),
          )
        : where,
    )
    .orderBy(asc(contacts.firstName), asc(contacts.id))
    .limit(20);
  return { count: Number(total?.n ?? 0), contacts: sample.map(audienceContact) };
}

export const audienceContact = (c: ContactRow): AudienceContact => ({
  id: c.id,
  name: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.username || c.channelUserId,
  username: c.username,
  languageCode: c.languageCode,
});

/** What a recipient's message is rendered with: their values, language and zone, the bot. */
export interface RenderContext {
  workspaceTimeZone: string;
  botUsername: string;
}

export async function renderContextOf(
  db: Executor,
  workspaceId: string,
  botId: string,
): Promise<RenderContext> {
  const [row] = await db
    .select({ timeZone: workspaces.timeZone, me: bots.telegramMe })
    .from(bots)
    .innerJoin(workspaces, eq(workspaces.id, bots.workspaceId))
    .where(and(eq(bots.id, botId), eq(bots.workspaceId, workspaceId)));
  if (!row) throw new ApiError("unprocessable_entity", "No such bot");
  return { workspaceTimeZone: row.timeZone, botUsername: row.me?.username ?? "" };
}

export function recipientScope(contact: ContactRow, context: RenderContext): TemplateScope {
  const view = contactView(contact, context.workspaceTimeZone);
  return {
    contact: contactVariables(view),
    bot: { username: context.botUsername },
    localeSettings: { locale: view.languageCode || "en", timeZone: view.timeZone ?? "UTC" },
  };
}

/** The call a broadcast makes for one recipient (what the outbox row holds). */
export function recipientCall(
  broadcast: { id: string; ratePerSecond: number },
  message: BroadcastMessage,
  contact: ContactRow,
  context: RenderContext,
): BroadcastCall {
  return renderBroadcastCall(message, recipientScope(contact, context), {
    chatId: contact.channelUserId,
    link: (target) => clickUrl({ broadcastId: broadcast.id, contactId: contact.id, target }),
    paid: isPaidRate(broadcast.ratePerSecond),
  });
}

/**
 * The message as one real contact of the workspace would get it. Nothing is sent or stored; the
 * links point at the shop's own addresses (a preview's taps must not count as clicks).
 */
export async function previewBroadcast(
  db: Executor,
  workspaceId: string,
  input: { botId: string; contactId: string; message: unknown; ratePerSecond?: number },
): Promise<BroadcastCall> {
  const message = broadcastMessageSchema.parse(input.message);
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, input.contactId), eq(contacts.workspaceId, workspaceId)));
  if (!contact)
    throw new ApiError("unprocessable_entity", "No such contact", {
      details: [{ path: "contactId", message: "No such contact in this workspace" }],
    });
  const context = await renderContextOf(db, workspaceId, input.botId);
  const targets = clickTargets(message).map((t) => t.url);
  return renderBroadcastCall(message, recipientScope(contact, context), {
    chatId: contact.channelUserId,
    link: (target) => targets[target] ?? "",
    paid: isPaidRate(input.ratePerSecond ?? 0),
  });
}

export async function listSegments(db: Executor, workspaceId: string) {
  return db
    .select({ id: segments.id, name: segments.name, filter: segments.filter })
    .from(segments)
    .where(eq(segments.workspaceId, workspaceId))
    .orderBy(asc(segments.name));
}
