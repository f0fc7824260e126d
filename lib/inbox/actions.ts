import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { contacts, conversations, handoffs, outbox, sessions } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal } from "@/lib/journal/record";
import { contactView, resumeContact } from "@/lib/runtime/engine";
import { contactVariables, renderTemplate } from "@/lib/runtime/template";
import { notifyInbox } from "./live";
import { quickReplyData } from "./quick-replies";

/**
 * What an agent does with a conversation. Each action locks the conversation row, so two agents
 * pressing at once take turns; each is journaled and announced to the inbox.
 */

export interface Agent {
  workspaceId: string;
  userId: string;
}

type Conversation = typeof conversations.$inferSelect;

async function lockConversation(tx: Tx, agent: Agent, id: string): Promise<Conversation> {
  const [row] = await tx
    .select(getTableColumns(conversations))
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.workspaceId, agent.workspaceId)))
    .for("update");
  if (!row) throw notFound("Conversation");
  return row;
}

async function journal(
  tx: Tx,
  agent: Agent,
  c: Conversation,
  kind: string,
  data: Record<string, unknown>,
) {
  await recordJournal(tx, {
    workspaceId: agent.workspaceId,
    actor: { type: "user", id: agent.userId },
    kind,
    botId: c.botId,
    contactId: c.contactId,
    subjectId: c.id,
    data,
  });
  await notifyInbox(tx, { workspaceId: agent.workspaceId, conversationId: c.id });
}

function heldByOther(c: Conversation, agent: Agent): boolean {
  return c.status === "assigned" && c.assigneeId !== null && c.assigneeId !== agent.userId;
}

/**
 * The agent takes the conversation: the bot stops answering this chat. Taking one the bot is
 * handling opens a hand-off of its own. Held by another agent: 409, unless `takeOver`.
 */
export async function takeConversation(
  db: Db,
  agent: Agent,
  id: string,
  options: { takeOver?: boolean } = {},
): Promise<void> {
  await db.transaction((tx) => take(tx, agent, id, options));
}

async function take(
  tx: Tx,
  agent: Agent,
  id: string,
  options: { takeOver?: boolean } = {},
): Promise<Conversation> {
  const c = await lockConversation(tx, agent, id);
  if (c.status === "assigned" && c.assigneeId === agent.userId) return c;
  if (heldByOther(c, agent) && !options.takeOver)
    throw new ApiError("conflict", "Another agent has this conversation");
  const now = new Date();
  let handoffId = c.handoffId;
  if (!handoffId || c.status === "bot" || c.status === "closed") {
    const [h] = await tx
      .insert(handoffs)
      .values({
        workspaceId: c.workspaceId,
        conversationId: c.id,
        source: "agent",
        requestedAt: now,
      })
      .returning({ id: handoffs.id });
    handoffId = h!.id;
  }
  await tx
    .update(handoffs)
    .set({
      assigneeId: agent.userId,
      assignedAt: sql`coalesce(${handoffs.assignedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(eq(handoffs.id, handoffId));
  const [updated] = await tx
    .update(conversations)
    .set({ status: "assigned", assigneeId: agent.userId, handoffId, unread: 0, updatedAt: now })
    .where(eq(conversations.id, c.id))
    .returning();
  await journal(tx, agent, c, "conversation.assigned", {
    from: c.status,
    previousAssigneeId: c.assigneeId,
    handoffId,
  });
  return updated!;
}

/** A button under an agent's message: a link, or a quick reply whose press reads as its text. */
export interface ReplyButton {
  text: string;
  url?: string;
}

/**
 * Sends the agent's message through the outbox (the same limits as the bot's, before bulk
 * traffic). Replying takes the conversation if nobody has it. `clientKey` makes a resubmitted
 * form send once. {{contact.first_name}} and the other contact variables are filled in; buttons
 * go one per row under the message.
 */
export async function replyToConversation(
  db: Db,
  agent: Agent,
  id: string,
  message: { text: string; clientKey?: string; buttons?: ReplyButton[] },
): Promise<{ queued: boolean }> {
  const written = message.text.trim();
  if (!written) throw new ApiError("bad_request", "The message is empty");
  return db.transaction(async (tx) => {
    const c = await take(tx, agent, id);
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, c.contactId));
    if (!contact) throw notFound("Contact");
    if (contact.blocked) throw new ApiError("conflict", "The contact blocked the bot");
    const text = renderTemplate(
      written,
      { contact: contactVariables(contactView(contact)) },
      "plain",
    ).trim();
    if (!text) throw new ApiError("bad_request", "The message is empty once variables are filled");
    const keyboard = (message.buttons ?? []).map((b) => [
      b.url
        ? { text: b.text, url: b.url }
        : { text: b.text, callback_data: quickReplyData(b.text) },
    ]);
    const key = `agent:${c.id}:${message.clientKey ?? randomUUID()}`;
    const inserted = await tx
      .insert(outbox)
      .values({
        workspaceId: c.workspaceId,
        botId: c.botId,
        contactId: c.contactId,
        kind: "telegram",
        chatId: contact.channelUserId,
        priority: 0,
        idempotencyKey: key,
        payload: {
          method: "sendMessage",
          params: {
            chat_id: contact.channelUserId,
            text,
            ...(keyboard.length ? { reply_markup: { inline_keyboard: keyboard } } : {}),
          },
          author: "agent",
          agentId: agent.userId,
        },
      })
      .onConflictDoNothing()
      .returning({ id: outbox.id });
    if (!inserted.length) return { queued: false };
    await markFirstResponse(tx, c.handoffId);
    await journal(tx, agent, c, "conversation.replied", { outboxId: inserted[0]!.id });
    return { queued: true };
  });
}

/**
 * Queues a stored file for the contact as the agent (an `agent_file` outbox row, sent as a
 * document by lib/jobs/sender.ts and recorded in the thread then). Takes the conversation like
 * a reply.
 */
export async function sendFileToConversation(
  db: Db,
  agent: Agent,
  id: string,
  file: { id: string; name: string },
): Promise<{ queued: boolean }> {
  return db.transaction(async (tx) => {
    const c = await take(tx, agent, id);
    const [contact] = await tx
      .select({ chatId: contacts.channelUserId, blocked: contacts.blocked })
      .from(contacts)
      .where(eq(contacts.id, c.contactId));
    if (!contact) throw notFound("Contact");
    if (contact.blocked) throw new ApiError("conflict", "The contact blocked the bot");
    const inserted = await tx
      .insert(outbox)
      .values({
        workspaceId: c.workspaceId,
        botId: c.botId,
        contactId: c.contactId,
        kind: "agent_file",
        chatId: contact.chatId,
        priority: 0,
        idempotencyKey: `agent-file:${c.id}:${file.id}`,
        payload: { fileId: file.id, agentId: agent.userId },
      })
      .onConflictDoNothing()
      .returning({ id: outbox.id });
    if (!inserted.length) return { queued: false };
    await markFirstResponse(tx, c.handoffId);
    await journal(tx, agent, c, "conversation.file_sent", {
      outboxId: inserted[0]!.id,
      fileId: file.id,
      name: file.name,
    });
    return { queued: true };
  });
}

async function markFirstResponse(tx: Tx, handoffId: string | null): Promise<void> {
  if (!handoffId) return;
  await tx
    .update(handoffs)
    .set({ firstResponseAt: sql`coalesce(${handoffs.firstResponseAt}, clock_timestamp())` })
    .where(eq(handoffs.id, handoffId));
}

/**
 * Hands the conversation back to the bot: at `nodeId` of flow `flowId` when given, else where the
 * flow waited (a handoff node continues at its "released" outcome). Runs the flow in the same
 * transaction; returns how many messages it queued.
 */
export async function releaseConversation(
  db: Db,
  agent: Agent,
  id: string,
  target: { flowId?: string | null; nodeId?: string | null } = {},
): Promise<{ queued: number }> {
  return db.transaction(async (tx) => {
    const c = await lockConversation(tx, agent, id);
    if (c.status !== "waiting" && c.status !== "assigned")
      throw new ApiError("conflict", "The bot already has this conversation");
    await resolve(tx, agent, c, "released");
    await journal(tx, agent, c, "conversation.released", {
      from: c.status,
      handoffId: c.handoffId,
      flowId: target.flowId ?? null,
      nodeId: target.nodeId ?? null,
    });
    const queued = await resumeContact(
      tx,
      { botId: c.botId, contactId: c.contactId },
      { kind: "release", flowId: target.flowId ?? null, nodeId: target.nodeId ?? null },
      `release:${c.handoffId ?? c.id}`,
    );
    return { queued };
  });
}

/**
 * Ends the conversation: no flow continues (the session's wait is dropped), and the bot answers
 * the contact's next message as a new one.
 */
export async function closeConversation(db: Db, agent: Agent, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockConversation(tx, agent, id);
    if (c.status === "closed") return;
    await resolve(tx, agent, c, "closed");
    await tx
      .update(sessions)
      .set({ flowVersionId: null, nodeId: null, waitingFor: null, updatedAt: new Date() })
      .where(
        and(eq(sessions.contactId, c.contactId), sql`${sessions.waitingFor}->>'kind' = 'handoff'`),
      );
    await journal(tx, agent, c, "conversation.closed", { from: c.status, handoffId: c.handoffId });
  });
}

async function resolve(
  tx: Tx,
  agent: Agent,
  c: Conversation,
  resolution: "released" | "closed",
): Promise<void> {
  const now = new Date();
  if (c.handoffId)
    await tx
      .update(handoffs)
      .set({
        resolvedAt: now,
        resolution,
        // Nobody had taken it: whoever resolves it is who handled it.
        assigneeId: sql`coalesce(${handoffs.assigneeId}, ${agent.userId}::uuid)`,
      })
      .where(and(eq(handoffs.id, c.handoffId), sql`${handoffs.resolvedAt} is null`));
  await tx
    .update(conversations)
    .set({
      status: resolution === "closed" ? "closed" : "bot",
      handoffId: null,
      assigneeId: null,
      unread: 0,
      updatedAt: now,
    })
    .where(eq(conversations.id, c.id));
}

/** The agent opened the thread: nothing in it is unread any more. */
export async function markConversationRead(db: Db, agent: Agent, id: string): Promise<void> {
  await db
    .update(conversations)
    .set({ unread: 0 })
    .where(
      and(
        eq(conversations.id, id),
        eq(conversations.workspaceId, agent.workspaceId),
        sql`${conversations.unread} > 0`,
      ),
    );
}
