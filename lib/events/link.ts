import "server-only";
import { createHash, randomInt } from "node:crypto";
import { and, asc, eq, gt, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { bots, contacts, externalEvents, linkCodes, outbox } from "@/lib/db/schema";
import { normalizePhone } from "@/lib/contacts/phone";
import { consumeRateLimit } from "@/lib/auth/rate-limit";
import { recordJournal } from "@/lib/journal/record";
import { buyerLocale } from "@/lib/delivery/messages";
import type { RuntimeBot } from "@/lib/runtime/engine";
import { handToFlows } from "./ingest";

/**
 * Linking a chat to a customer of the shop's own system (docs/1c-integration.md): by the phone
 * the buyer shares (contact.request), or by a one-time code the shop's system obtained from
 * POST /api/v1/link-codes, typed to the bot or opened as t.me/<bot>?start=link_<code>. Events
 * that waited for the customer are handed to the flows in the same transaction.
 */

/** No 0/O, 1/I/L: codes are read off a screen and typed. 31^8 ≈ 8.5e11 codes. */
const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const codeLength = 8;
/** A code as buyers type it: "K7M2-Q9XA", any case, the dash optional. */
const typedCode = /^\s*([A-Za-z0-9]{4})-?([A-Za-z0-9]{4})\s*$/;
/** Wrong codes a contact may try before the bot stops checking for a while. */
const attemptRule = { limit: 10, windowSeconds: 60 * 60 };

const hashCode = (code: string) =>
  createHash("sha256").update(code.toUpperCase().replace(/-/g, "")).digest("hex");

export interface LinkCode {
  /** Shown as "ABCD-2345". */
  code: string;
  expiresAt: Date;
  /** One per connected bot: opening it links the chat with one tap. */
  links: { botId: string; url: string }[];
}

export async function createLinkCode(
  db: Db,
  input: {
    workspaceId: string;
    externalId: string;
    phone?: string | null;
    ttlMinutes: number;
  },
): Promise<LinkCode> {
  const raw = Array.from({ length: codeLength }, () => alphabet[randomInt(alphabet.length)]).join(
    "",
  );
  const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
  const [row] = await db
    .insert(linkCodes)
    .values({
      workspaceId: input.workspaceId,
      codeHash: hashCode(raw),
      externalId: input.externalId,
      phone: normalizePhone(input.phone),
      expiresAt: sql`clock_timestamp() + make_interval(mins => ${input.ttlMinutes})`,
    })
    .returning({ expiresAt: linkCodes.expiresAt });
  const workspaceBots = await db
    .select({ id: bots.id, me: bots.telegramMe })
    .from(bots)
    .where(eq(bots.workspaceId, input.workspaceId));
  return {
    code,
    expiresAt: row!.expiresAt,
    links: workspaceBots.flatMap((b) =>
      b.me?.username
        ? [{ botId: b.id, url: `https://t.me/${b.me.username}?start=link_${raw}` }]
        : [],
    ),
  };
}

/** The code in a message ("K7M2-Q9XA") or a /start payload ("link_K7M2Q9XA"), if it is one. */
export function linkCodeIn(text: string | undefined, startPayload?: string): string | undefined {
  if (startPayload !== undefined) {
    const m = /^link_([A-Za-z0-9]{8})$/.exec(startPayload);
    return m?.[1]?.toUpperCase();
  }
  const m = typedCode.exec(text ?? "");
  if (!m) return undefined;
  const code = `${m[1]}${m[2]}`.toUpperCase();
  // Only what could be a code: a word such as "password" has letters the alphabet leaves out.
  return [...code].every((c) => alphabet.includes(c)) && /\d/.test(code) ? code : undefined;
}

/**
 * Links the contact by a code, in the webhook's transaction. Returns the outbox rows queued (the
 * reply, and the flows of events that waited), or undefined when a typed code is not a live one:
 * the message then goes to the flows like any other (it may be the answer to a question). A code
 * from a deep link always gets an answer.
 */
export async function linkByCode(
  tx: Tx,
  bot: RuntimeBot,
  contact: typeof contacts.$inferSelect,
  code: string,
  options: { eventKey: string; typed: boolean },
): Promise<number | undefined> {
  const { eventKey } = options;
  const ru = buyerLocale(contact.languageCode) === "ru";
  const reply = async (text: string) => {
    await tx
      .insert(outbox)
      .values({
        workspaceId: bot.workspaceId,
        botId: bot.id,
        contactId: contact.id,
        kind: "telegram",
        chatId: contact.channelUserId,
        idempotencyKey: `${eventKey}#link`,
        payload: { method: "sendMessage", params: { chat_id: contact.channelUserId, text } },
      })
      .onConflictDoNothing();
    return 1;
  };
  if ((await consumeRateLimit(tx, `link-code:${contact.id}`, attemptRule)) > 0)
    return options.typed
      ? undefined
      : reply(
          ru
            ? "Слишком много попыток. Попробуйте через час."
            : "Too many attempts. Please try again in an hour.",
        );
  const [found] = await tx
    .select()
    .from(linkCodes)
    .where(
      and(
        eq(linkCodes.codeHash, hashCode(code)),
        eq(linkCodes.workspaceId, bot.workspaceId),
        isNull(linkCodes.usedAt),
        gt(linkCodes.expiresAt, sql`clock_timestamp()`),
      ),
    )
    .for("update");
  if (!found)
    return options.typed
      ? undefined
      : reply(
          ru
            ? "Код не подошёл: он неверный, уже использован или истёк. Запросите новый."
            : "That code did not work: it is wrong, used or expired. Please ask for a new one.",
        );
  await tx
    .update(linkCodes)
    .set({ usedAt: sql`clock_timestamp()`, contactId: contact.id })
    .where(eq(linkCodes.id, found.id));
  const [linked] = await tx
    .update(contacts)
    .set({
      externalId: found.externalId,
      phone: contact.phone ?? found.phone,
      updatedAt: new Date(),
    })
    .where(eq(contacts.id, contact.id))
    .returning();
  await recordJournal(tx, {
    workspaceId: bot.workspaceId,
    actor: { type: "contact", id: contact.id },
    kind: "contact.linked",
    botId: bot.id,
    contactId: contact.id,
    data: { by: "code", externalId: found.externalId, previousExternalId: contact.externalId },
  });
  const queued = await reply(
    ru
      ? "Готово: этот чат связан с вашим аккаунтом. Уведомления будут приходить сюда."
      : "Done: this chat is linked to your account. Notifications will arrive here.",
  );
  return queued + (await deliverWaitingEvents(tx, linked!));
}

/**
 * Hands the events that waited for this contact's customer (by external id or phone) to its
 * flows, oldest first. Called when the contact links; an expired event stays unlinked.
 */
export async function deliverWaitingEvents(
  tx: Tx,
  contact: typeof contacts.$inferSelect,
): Promise<number> {
  const matches: SQL[] = [];
  if (contact.externalId) matches.push(eq(externalEvents.customerExternalId, contact.externalId));
  if (contact.phone) matches.push(eq(externalEvents.customerPhone, contact.phone));
  if (!matches.length) return 0;
  const waiting = await tx
    .select()
    .from(externalEvents)
    .where(
      and(
        eq(externalEvents.workspaceId, contact.workspaceId),
        eq(externalEvents.status, "unlinked"),
        gt(externalEvents.expiresAt, sql`clock_timestamp()`),
        or(...matches),
      ),
    )
    .orderBy(asc(externalEvents.occurredAt))
    .for("update", { skipLocked: true });
  let queued = 0;
  for (const event of waiting)
    queued += await handToFlows(tx, { type: "contact", id: contact.id }, event, contact);
  return queued;
}
