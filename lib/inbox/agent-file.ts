import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Api } from "grammy";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { contacts, conversations, fileAssets, messages, outbox } from "@/lib/db/schema";
import { rememberTelegramFileId } from "@/lib/files/files";
import { sendFileInChat } from "@/lib/files/telegram";
import { bucketsFor, tokenWait, type SendLimits } from "@/lib/jobs/limits";
import { notifyInbox } from "./live";

/**
 * An agent's attachment (an `agent_file` outbox row, queued by sendFileToConversation): sent as
 * a document within the chat's send limits, then, in one transaction, the row is finished and
 * the message recorded in the thread. Telegram's refusals are thrown for the sender's policy.
 */

type OutboxRow = typeof outbox.$inferSelect;

const payloadSchema = z.object({ fileId: z.uuid(), agentId: z.uuid().nullable().optional() });

export type AgentFileOutcome =
  | { status: "sent" }
  /** Held back by a send limit: the row comes due again in `seconds`. */
  | { status: "later"; seconds: number }
  | { status: "failed" | "cancelled"; error: string };

export async function sendAgentFileRow(
  db: Db,
  row: OutboxRow,
  limits: SendLimits,
  api: () => Promise<Api>,
): Promise<AgentFileOutcome> {
  const payload = payloadSchema.safeParse(row.payload);
  if (!payload.success) return { status: "failed", error: "bad agent_file payload" };
  if (!row.botId || !row.contactId || !row.chatId)
    return { status: "cancelled", error: "the bot or the contact was deleted" };
  const [contact] = await db
    .select({ blocked: contacts.blocked })
    .from(contacts)
    .where(eq(contacts.id, row.contactId));
  if (!contact) return { status: "cancelled", error: "the contact was deleted" };
  if (contact.blocked) return { status: "cancelled", error: "the contact blocked the bot" };
  const [asset] = await db
    .select()
    .from(fileAssets)
    .where(
      and(eq(fileAssets.id, payload.data.fileId), eq(fileAssets.workspaceId, row.workspaceId)),
    );
  if (!asset) return { status: "failed", error: "the file was deleted" };

  const wait = await tokenWait(db, bucketsFor(row.botId, row.chatId, limits));
  if (wait > 0) return { status: "later", seconds: wait };

  const sent = await sendFileInChat(await api(), {
    botId: row.botId,
    chatId: row.chatId,
    asset,
  });
  if (sent.kind === "too_large")
    return { status: "failed", error: `larger than Telegram's ${sent.limit} bytes` };
  if (sent.remember)
    await rememberTelegramFileId(db, {
      workspaceId: row.workspaceId,
      id: asset.id,
      botId: row.botId,
      telegramFileId: sent.telegramFileId,
    });
  await db.transaction(async (tx) => {
    const [finished] = await tx
      .update(outbox)
      .set({ status: "sent", result: sent.message, lastError: null, doneAt: new Date() })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, "pending")))
      .returning({ id: outbox.id });
    if (!finished) return;
    await tx
      .insert(messages)
      .values({
        workspaceId: row.workspaceId,
        contactId: row.contactId!,
        direction: "out",
        author: "agent",
        agentId: payload.data.agentId ?? null,
        text: "",
        content: {
          method: "sendDocument",
          file: {
            name: asset.name,
            telegramFileId: sent.telegramFileId,
            mimeType: asset.contentType,
            size: asset.size,
          },
        },
        telegramMessageId: sent.message.message_id,
        outboxId: row.id,
      })
      .onConflictDoNothing();
    const [conversation] = await tx
      .update(conversations)
      .set({
        lastMessageAt: sql`clock_timestamp()`,
        lastMessageText: asset.name.slice(0, 200),
      })
      .where(eq(conversations.contactId, row.contactId!))
      .returning({ id: conversations.id });
    if (conversation)
      await notifyInbox(tx, { workspaceId: row.workspaceId, conversationId: conversation.id });
  });
  return { status: "sent" };
}
