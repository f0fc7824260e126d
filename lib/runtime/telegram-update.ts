import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import {
  botPublishedFlows,
  recordInbound,
  runEvent,
  setContactBlocked,
  upsertContact,
  type RuntimeBot,
} from "./engine";
import {
  answerPreCheckout,
  preCheckoutQuerySchema,
  recordRefundedPayment,
  recordSuccessfulPayment,
  refundedPaymentSchema,
  successfulPaymentSchema,
} from "@/lib/payments/telegram";
import { chatMemberUpdateSchema, recordAccessJoin } from "@/lib/delivery/access-join";
import { handleMyPurchases } from "@/lib/delivery/purchases";
import { flowStartsOnCommand, parseCommand } from "./step";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { bots, contacts, outbox, type MessageContent } from "@/lib/db/schema";
import { deliverWaitingEvents, linkByCode, linkCodeIn } from "@/lib/events/link";
import { recordJournal } from "@/lib/journal/record";
import { recordIncoming } from "@/lib/inbox/record";
import { openHandoffNow } from "@/lib/inbox/handoff";
import { asksForHuman, parseSupportSettings, type SupportSettings } from "@/lib/inbox/settings";
import { quickReplyText } from "@/lib/inbox/quick-replies";
import type { RuntimeEvent } from "./types";

/**
 * The part of Telegram's Update the runtime reads (https://core.telegram.org/bots/api#update).
 * Unknown fields pass through; an update of a kind we do not handle is recorded and ignored.
 */
const user = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
const chat = z.object({ id: z.number().int(), type: z.string() });
const message = z.object({
  message_id: z.number().int(),
  from: user.optional(),
  chat,
  text: z.string().optional(),
  caption: z.string().optional(),
  contact: z.object({ phone_number: z.string(), user_id: z.number().int().optional() }).optional(),
  // Kept for the inbox: what the buyer sent, by Telegram's file_id.
  document: z
    .object({
      file_id: z.string(),
      file_name: z.string().optional(),
      mime_type: z.string().optional(),
      file_size: z.number().optional(),
    })
    .optional(),
  photo: z.array(z.object({ file_id: z.string(), file_size: z.number().optional() })).optional(),
  successful_payment: successfulPaymentSchema.optional(),
  refunded_payment: refundedPaymentSchema.optional(),
});

export const telegramUpdateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  callback_query: z
    .object({
      id: z.string(),
      from: user,
      message: z.object({ message_id: z.number().int(), chat }).optional(),
      data: z.string().optional(),
    })
    .optional(),
  pre_checkout_query: preCheckoutQuerySchema.optional(),
  my_chat_member: z
    .object({
      chat,
      from: user,
      new_chat_member: z.object({ status: z.string() }),
    })
    .optional(),
  // Someone joined (or left) a channel or group where the bot is an administrator.
  chat_member: chatMemberUpdateSchema.optional(),
});
export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

export interface UpdateOutcome {
  duplicate: boolean;
  queued: number;
  visited: string[];
  /** An outbox row to send before answering the webhook (a deadline is running). */
  urgent?: number;
}

/** Thrown inside the transaction when update_id was seen: it rolls back what was pipelined. */
class DuplicateUpdate extends Error {}

const duplicate: UpdateOutcome = { duplicate: true, queued: 0, visited: [] };

/**
 * One update, one transaction: record update_id (a redelivery stops here), upsert the contact,
 * run the interpreter for its private chat and queue what it decided.
 */
export async function processTelegramUpdate(
  db: Db,
  bot: RuntimeBot,
  update: TelegramUpdate,
): Promise<UpdateOutcome> {
  const mapped = toRuntimeEvent(update);
  // A person writing to the bot in private, the common case: see below.
  if (mapped && mapped.chatType === "private" && !mapped.from.is_bot)
    return db
      .transaction((tx) => processChatUpdate(tx, bot, update, mapped))
      .catch((err: unknown) => {
        if (err instanceof DuplicateUpdate) return duplicate;
        throw err;
      });
  return db.transaction(async (tx) => {
    const fresh = await recordInbound(tx, `telegram:${bot.id}`, String(update.update_id));
    if (!fresh) return duplicate;

    const member = update.my_chat_member;
    if (member && member.chat.type === "private") {
      await setContactBlocked(tx, bot, member.from.id, member.new_chat_member.status === "kicked");
      return { duplicate: false, queued: 0, visited: [] };
    }

    if (update.chat_member) {
      // Joins with a channel grant's invite link (lib/delivery/access-join.ts). Join requests
      // are not handled: grant links admit one member directly (member_limit 1).
      const queued = await recordAccessJoin(tx, bot, update.chat_member);
      return { duplicate: false, queued, visited: [] };
    }

    if (update.pre_checkout_query) {
      const urgent = await answerPreCheckout(tx, bot, update.pre_checkout_query);
      // Sent by the route before it answers; the sender is not woken for it.
      return { duplicate: false, queued: 0, visited: [], urgent };
    }

    // Groups and channels do not run flows (yet); bots' own messages never do.
    return { duplicate: false, queued: 0, visited: [] };
  });
}

/**
 * A private chat's message or button press. The update_id, the contact and (unless it is a
 * payment's service message) the inbox's copy are written by three statements sent together:
 * postgres.js pipelines them over the transaction's connection, one round trip instead of three.
 * The inbox statement finds the contact by its chat, as the upsert before it left it. A
 * redelivered update_id throws DuplicateUpdate, which rolls the other two back.
 */
async function processChatUpdate(
  tx: Tx,
  bot: RuntimeBot,
  update: TelegramUpdate,
  mapped: NonNullable<ReturnType<typeof toRuntimeEvent>>,
): Promise<UpdateOutcome> {
  const command = mapped.event.kind === "message" ? parseCommand(mapped.event.text) : undefined;
  const payment = update.message?.successful_payment ?? update.message?.refunded_payment;
  const chatUserId = String(mapped.from.id);
  const [fresh, { contact, created }, incoming] = await Promise.all([
    recordInbound(tx, `telegram:${bot.id}`, String(update.update_id)),
    upsertContact(tx, bot, mapped.from, command?.name === "start" ? command.args : undefined),
    payment
      ? undefined
      : recordIncoming(tx, {
          workspaceId: bot.workspaceId,
          botId: bot.id,
          contactId: sql`(select id from contact
                          where bot_id = ${bot.id} and channel_user_id = ${chatUserId})`,
          ...inboxMessage(update),
        }),
  ]);
  if (!fresh) throw new DuplicateUpdate();
  if (created)
    await recordJournal(tx, {
      workspaceId: bot.workspaceId,
      actor: { type: "contact", id: contact.id },
      kind: "contact.created",
      botId: bot.id,
      contactId: contact.id,
    });
  const paid = update.message?.successful_payment;
  if (paid) {
    const queued = await recordSuccessfulPayment(tx, bot, contact, paid);
    return { duplicate: false, queued, visited: [] };
  }
  const refunded = update.message?.refunded_payment;
  if (refunded) {
    await recordRefundedPayment(tx, bot, contact.id, refunded);
    return { duplicate: false, queued: 0, visited: [] };
  }
  const eventKey = `tg:${bot.id}:${update.update_id}`;
  // The inbox keeps every message; while a human holds the chat the bot stays quiet.
  const status = incoming!.status;
  if (status === "waiting" || status === "assigned") {
    const queued = await answerHeldCallback(tx, bot, contact, mapped.event, eventKey);
    return { duplicate: false, queued, visited: [] };
  }
  // An agent's quick-reply button: the buyer said its text (after the press is answered).
  const quick = mapped.event.kind === "callback" ? quickReplyText(mapped.event.data) : undefined;
  let answered = 0;
  if (quick !== undefined && mapped.event.kind === "callback") {
    answered = await answerHeldCallback(tx, bot, contact, mapped.event, eventKey);
    mapped.event = { kind: "message", messageId: mapped.event.messageId ?? 0, text: quick };
  }
  if (mapped.event.kind === "message") {
    const asked = await askedForHuman(tx, bot, mapped.event.text, command);
    if (asked) {
      const queued = await openHandoffNow(tx, { bot, contact, source: "command", eventKey });
      return { duplicate: false, queued: queued + answered, visited: [] };
    }
  }
  // A code linking the chat to the shop's customer (lib/events/link.ts), typed or deep-linked.
  const code =
    mapped.event.kind === "message"
      ? linkCodeIn(mapped.event.text, command?.name === "start" ? command.args : undefined)
      : undefined;
  const linked =
    code === undefined
      ? undefined
      : await linkByCode(tx, bot, contact, code, { eventKey, typed: command === undefined });
  if (linked !== undefined && command === undefined)
    return { duplicate: false, queued: linked, visited: [] };
  // Built in, before the flows: /purchases (unless a flow has its own) and its buttons.
  const builtin = await handleMyPurchases(tx, { bot, contact, event: mapped.event, eventKey });
  if (builtin !== undefined) return { duplicate: false, queued: builtin + answered, visited: [] };
  const result = await runEvent(tx, { bot, contact, event: mapped.event, eventKey });
  // A shared phone may be what events for this customer waited for.
  const shared =
    mapped.event.kind === "message" && mapped.event.contact
      ? await eventsForSharedPhone(tx, bot, contact)
      : 0;
  return {
    duplicate: false,
    ...result,
    queued: result.queued + shared + (linked ?? 0) + answered,
  };
}

/** After a contact.request stored the phone: the contact is linked by it. */
async function eventsForSharedPhone(
  tx: Tx,
  bot: RuntimeBot,
  before: { id: string; phone: string | null; externalId: string | null },
): Promise<number> {
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, before.id));
  if (!contact?.phone || contact.phone === before.phone) return 0;
  await recordJournal(tx, {
    workspaceId: bot.workspaceId,
    actor: { type: "contact", id: contact.id },
    kind: "contact.linked",
    botId: bot.id,
    contactId: contact.id,
    data: { by: "phone" },
  });
  return deliverWaitingEvents(tx, contact);
}

/** What the inbox shows of the update: the text, and the phone, file or button press. */
function inboxMessage(update: TelegramUpdate): {
  text: string;
  content: MessageContent;
  telegramMessageId?: number;
} {
  const q = update.callback_query;
  // A quick reply's text is what the buyer said; other presses are labelled when shown.
  if (q) return { text: quickReplyText(q.data) ?? "", content: { pressed: q.data ?? "" } };
  const m = update.message!;
  const content: MessageContent = {};
  if (m.contact) content.phone = m.contact.phone_number;
  if (m.document)
    content.file = {
      name: m.document.file_name ?? "file",
      telegramFileId: m.document.file_id,
      mimeType: m.document.mime_type,
      size: m.document.file_size,
    };
  const photo = m.photo?.at(-1);
  if (photo)
    content.file = { name: "photo.jpg", telegramFileId: photo.file_id, mimeType: "image/jpeg" };
  return { text: m.text ?? m.caption ?? "", content, telegramMessageId: m.message_id };
}

/** Every button press is answered, even while the bot is otherwise quiet. */
async function answerHeldCallback(
  tx: Tx,
  bot: RuntimeBot,
  contact: { id: string; channelUserId: string },
  event: RuntimeEvent,
  eventKey: string,
): Promise<number> {
  if (event.kind !== "callback") return 0;
  await tx
    .insert(outbox)
    .values({
      workspaceId: bot.workspaceId,
      botId: bot.id,
      contactId: contact.id,
      kind: "telegram",
      chatId: contact.channelUserId,
      idempotencyKey: `${eventKey}#answer`,
      payload: {
        method: "answerCallbackQuery",
        params: { callback_query_id: event.callbackQueryId },
      },
    })
    .onConflictDoNothing();
  return 1;
}

/**
 * The buyer asked for a human by the bot's support settings, and no flow claims the command for
 * itself. The webhook's cached bot row carries the settings; other callers read them only for a
 * command or a short message that could be such a phrase.
 */
async function askedForHuman(
  tx: Tx,
  bot: RuntimeBot,
  text: string | undefined,
  command: { name: string } | undefined,
): Promise<boolean> {
  if (!command && (!text || text.length > maxHumanPhraseLength)) return false;
  const stored =
    bot.support !== undefined
      ? bot.support
      : (await tx.select({ support: bots.support }).from(bots).where(eq(bots.id, bot.id)))[0]
          ?.support;
  const settings = supportSettingsOf(stored);
  if (!asksForHuman(settings, text, command)) return false;
  return !command || !flowStartsOnCommand(await botPublishedFlows(tx, bot.id), command.name);
}

const maxHumanPhraseLength = 64;

/** Parsed once per stored object: the webhook's cached bot row keeps the same one for a while. */
const parsedSupport = new WeakMap<object, SupportSettings>();
function supportSettingsOf(stored: unknown): SupportSettings {
  if (typeof stored !== "object" || stored === null) return parseSupportSettings(stored);
  let settings = parsedSupport.get(stored);
  if (!settings) parsedSupport.set(stored, (settings = parseSupportSettings(stored)));
  return settings;
}

function toRuntimeEvent(
  update: TelegramUpdate,
): { event: RuntimeEvent; from: z.infer<typeof user>; chatType: string } | undefined {
  const m = update.message;
  if (m?.from) {
    return {
      from: m.from,
      chatType: m.chat.type,
      event: {
        kind: "message",
        messageId: m.message_id,
        text: m.text ?? m.caption,
        contact: m.contact && {
          phone: m.contact.phone_number,
          userId: m.contact.user_id === undefined ? undefined : String(m.contact.user_id),
        },
      },
    };
  }
  const q = update.callback_query;
  if (q) {
    return {
      from: q.from,
      // A button under a message in a private chat; without the message, the sender's chat.
      chatType: q.message?.chat.type ?? "private",
      event: {
        kind: "callback",
        callbackQueryId: q.id,
        data: q.data ?? "",
        messageId: q.message?.message_id,
      },
    };
  }
  return undefined;
}
