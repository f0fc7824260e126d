import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { bots } from "@/lib/db/schema";
import { encryptSecret, randomToken } from "@/lib/crypto/secrets";
import { notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";

/** What the domain hands out about a bot: never the token or the webhook secret. */
export interface BotRow {
  id: string;
  name: string;
  channel: "telegram";
  telegramMe: { id: number; username: string; first_name: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = {
  id: bots.id,
  name: bots.name,
  channel: bots.channel,
  telegramMe: bots.telegramMe,
  createdAt: bots.createdAt,
  updatedAt: bots.updatedAt,
};

const inWorkspace = (workspaceId: string, id: string) =>
  and(eq(bots.id, id), eq(bots.workspaceId, workspaceId));

export async function listBots(db: Executor, workspaceId: string): Promise<BotRow[]> {
  return db
    .select(columns)
    .from(bots)
    .where(eq(bots.workspaceId, workspaceId))
    .orderBy(asc(bots.createdAt));
}

export async function getBot(db: Executor, workspaceId: string, id: string): Promise<BotRow> {
  const [row] = await db.select(columns).from(bots).where(inWorkspace(workspaceId, id));
  if (!row) throw notFound("Bot");
  return row;
}

export async function createBot(
  db: Db,
  input: { workspaceId: string; name: string; token: string; actor: Actor },
): Promise<BotRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bots)
      .values({
        workspaceId: input.workspaceId,
        name: input.name,
        tokenEncrypted: encryptSecret(input.token),
        // Telegram echoes this in X-Telegram-Bot-Api-Secret-Token on every webhook call.
        webhookSecretEncrypted: encryptSecret(randomToken(32)),
      })
      .returning(columns);
    if (!row) throw new Error("createBot: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "bot.created",
      botId: row.id,
      subjectId: row.id,
      data: { name: row.name },
    });
    return row;
  });
}

export async function updateBot(
  db: Db,
  input: { workspaceId: string; id: string; name?: string; token?: string; actor: Actor },
): Promise<BotRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select(columns)
      .from(bots)
      .where(inWorkspace(input.workspaceId, input.id))
      .for("update");
    if (!before) throw notFound("Bot");
    const renamed = input.name !== undefined && input.name !== before.name;
    const { token } = input;
    const tokenReplaced = token !== undefined;
    if (!renamed && !tokenReplaced) return before;
    const [row] = await tx
      .update(bots)
      .set({
        updatedAt: new Date(),
        ...(renamed ? { name: input.name } : {}),
        // A new token may belong to a different Telegram bot: forget the cached getMe.
        ...(token !== undefined ? { tokenEncrypted: encryptSecret(token), telegramMe: null } : {}),
      })
      .where(inWorkspace(input.workspaceId, input.id))
      .returning(columns);
    if (!row) throw notFound("Bot");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "bot.updated",
      botId: row.id,
      subjectId: row.id,
      data: { ...(renamed ? { name: { from: before.name, to: row.name } } : {}), tokenReplaced },
    });
    return row;
  });
}

export async function deleteBot(
  db: Db,
  workspaceId: string,
  id: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(bots)
      .where(inWorkspace(workspaceId, id))
      .returning({ id: bots.id, name: bots.name });
    if (!row) throw notFound("Bot");
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "bot.deleted",
      botId: row.id,
      subjectId: row.id,
      data: { name: row.name },
    });
  });
}
