import "server-only";
import { eq, getTableColumns, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { bots, conversations, handoffs, outbox, type contacts } from "@/lib/db/schema";
import { config } from "@/lib/config/env";
import { recordJournal } from "@/lib/journal/record";
import { notifyInbox } from "./live";
import { handoffNotice, parseSupportSettings } from "./settings";

/**
 * Hand-off from the bot to a human (DESIGN.md, "Runtime semantics" step 3): the conversation
 * goes to the inbox as waiting, the buyer is told (the out-of-hours text outside working hours),
 * agents hear of it in the inbox and, when the bot has one, in a staff chat. From now until an
 * agent releases or closes it, the bot answers nothing in this chat (lib/runtime/telegram-update).
 */

export type OutboxRow = typeof outbox.$inferInsert;
type ContactRow = typeof contacts.$inferSelect;

export interface HandoffRequest {
  bot: { id: string; workspaceId: string };
  contact: ContactRow;
  source: "node" | "command";
  /** The handoff node's note for agents. */
  note?: string;
  /** The handoff node's own text for the buyer (rendered); empty: the bot's setting. */
  text?: string;
  /** Keys the outbox rows: processing the same event twice queues them once. */
  eventKey: string;
  now?: Date;
}

/**
 * Opens a hand-off in the caller's transaction. Returns the outbox rows to queue (the buyer's
 * notice, the staff chat's), which the caller inserts after whatever the event sent before, so
 * the chat keeps its order. An open hand-off already there: nothing new, no rows.
 */
export async function openHandoff(
  tx: Tx,
  request: HandoffRequest,
): Promise<{ opened: boolean; rows: OutboxRow[] }> {
  const { bot, contact } = request;
  const now = request.now ?? new Date();
  // Creates the conversation if the contact never wrote, and locks it either way.
  const [conversation] = await tx
    .insert(conversations)
    .values({ workspaceId: bot.workspaceId, botId: bot.id, contactId: contact.id })
    .onConflictDoUpdate({
      target: conversations.contactId,
      set: { updatedAt: sql`conversation.updated_at` },
    })
    .returning(getTableColumns(conversations));
  if (!conversation) throw new Error(`no conversation for contact ${contact.id}`);
  if (conversation.status === "waiting" || conversation.status === "assigned")
    return { opened: false, rows: [] };

  const [handoff] = await tx
    .insert(handoffs)
    .values({
      workspaceId: bot.workspaceId,
      conversationId: conversation.id,
      source: request.source,
      note: request.note ?? "",
      requestedAt: now,
    })
    .returning({ id: handoffs.id });
  await tx
    .update(conversations)
    .set({ status: "waiting", handoffId: handoff!.id, assigneeId: null, updatedAt: now })
    .where(eq(conversations.id, conversation.id));
  await recordJournal(tx, {
    workspaceId: bot.workspaceId,
    actor: { type: "contact", id: contact.id },
    kind: "conversation.handoff",
    botId: bot.id,
    contactId: contact.id,
    subjectId: conversation.id,
    data: { from: conversation.status, source: request.source, handoffId: handoff!.id },
  });
  await notifyInbox(tx, { workspaceId: bot.workspaceId, conversationId: conversation.id });

  const [botRow] = await tx.select({ support: bots.support }).from(bots).where(eq(bots.id, bot.id));
  const settings = parseSupportSettings(botRow?.support);
  const base = { workspaceId: bot.workspaceId, botId: bot.id, contactId: contact.id, priority: 0 };
  const rows: OutboxRow[] = [
    {
      ...base,
      kind: "telegram",
      chatId: contact.channelUserId,
      idempotencyKey: `${request.eventKey}#handoff`,
      payload: {
        method: "sendMessage",
        params: {
          chat_id: contact.channelUserId,
          text: handoffNotice(settings, request.text ?? "", contact.languageCode, now),
        },
      },
    },
  ];
  if (settings.staffChatId)
    rows.push({
      ...base,
      kind: "telegram",
      chatId: settings.staffChatId,
      idempotencyKey: `${request.eventKey}#handoff-staff`,
      payload: {
        method: "sendMessage",
        params: {
          chat_id: settings.staffChatId,
          text: staffNotice(contact, request.note ?? "", conversation.id),
          link_preview_options: { is_disabled: true },
        },
      },
    });
  return { opened: true, rows };
}

/** Opens a hand-off and queues its messages itself (the "talk to a human" command). */
export async function openHandoffNow(tx: Tx, request: HandoffRequest): Promise<number> {
  const { rows } = await openHandoff(tx, request);
  if (rows.length) await tx.insert(outbox).values(rows).onConflictDoNothing();
  return rows.length;
}

function staffNotice(contact: ContactRow, note: string, conversationId: string): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ");
  const who = contact.username ? `${name} (@${contact.username})` : name;
  const lines = [`🙋 ${who} asks for a human.`];
  if (note) lines.push(note);
  lines.push(`${config().APP_URL}/inbox?c=${conversationId}`);
  return lines.join("\n");
}
