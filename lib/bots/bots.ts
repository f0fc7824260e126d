import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { bots } from "@/lib/db/schema";
import { decryptSecret, encryptSecret, randomToken } from "@/lib/crypto/secrets";
import { notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";

/** The part of Telegram's getMe answer we keep (bot.telegram_me). */
export interface TelegramMe {
  id: number;
  username: string;
  first_name: string;
}

/** What the domain hands out about a bot: never the token or the webhook secret. */
export interface BotRow {
  id: string;
  name: string;
  channel: "telegram";
  telegramMe: TelegramMe | null;
  /** The URL registered with Telegram; null while disconnected. */
  webhookUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const botColumns = {
  id: bots.id,
  name: bots.name,
  channel: bots.channel,
  telegramMe: bots.telegramMe,
  webhookUrl: bots.webhookUrl,
  createdAt: bots.createdAt,
  updatedAt: bots.updatedAt,
};

export const inWorkspace = (workspaceId: string, id: string) =>
  and(eq(bots.id, id), eq(bots.workspaceId, workspaceId));

/** Telegram's webhook secret_token: 1–256 of A-Z a-z 0-9 _ -; 256 bits in base64url fit. */
/** A fresh per-bot secret for Telegram's X-Telegram-Bot-Api-Secret-Token, encrypted to store. */
export const newWebhookSecret = () => encryptSecret(randomToken(32));

export async function listBots(db: Executor, workspaceId: string): Promise<BotRow[]> {
  return db
    .select(botColumns)
    .from(bots)
    .where(eq(bots.workspaceId, workspaceId))
    .orderBy(asc(bots.createdAt));
}

export async function getBot(db: Executor, workspaceId: string, id: string): Promise<BotRow> {
  const [row] = await db.select(botColumns).from(bots).where(inWorkspace(workspaceId, id));
  if (!row) throw notFound("Bot");
  return row;
}

/** A bot with its secrets decrypted, for the server-side calls to Telegram only. */
export interface BotCredentials extends BotRow {
  token: string;
  webhookSecret: string;
  /** The stored ciphertext: it changes with every token change, so it versions the token. */
  tokenEncrypted: string;
}

export async function getBotCredentials(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<BotCredentials> {
  const [row] = await db
    .select({
      ...botColumns,
      tokenEncrypted: bots.tokenEncrypted,
      webhookSecretEncrypted: bots.webhookSecretEncrypted,
    })
    .from(bots)
    .where(inWorkspace(workspaceId, id));
  if (!row) throw notFound("Bot");
  const { webhookSecretEncrypted, ...rest } = row;
  return {
    ...rest,
    token: decryptSecret(row.tokenEncrypted),
    webhookSecret: decryptSecret(webhookSecretEncrypted),
  };
}

/**
 * Stores a new bot. The caller has already asked Telegram who the token belongs to (getMe) and
 * passes the answer; this function does no I/O besides the database, so tests and the demo
 * seed can create bots without a Telegram server. The webhook is registered afterwards.
 */
export async function createBot(
  db: Db,
  input: {
    workspaceId: string;
    name: string;
    token: string;
    telegramMe?: TelegramMe | null;
    actor: Actor;
  },
): Promise<BotRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bots)
      .values({
        workspaceId: input.workspaceId,
        name: input.name,
        tokenEncrypted: encryptSecret(input.token),
        // Telegram echoes this in X-Telegram-Bot-Api-Secret-Token on every webhook call.
        webhookSecretEncrypted: newWebhookSecret(),
        telegramMe: input.telegramMe ?? null,
      })
      .returning(botColumns);
    if (!row) throw new Error("createBot: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "bot.created",
      botId: row.id,
      subjectId: row.id,
      data: {
        name: row.name,
        ...(row.telegramMe
          ? { telegramId: row.telegramMe.id, username: row.telegramMe.username }
          : {}),
      },
    });
    return row;
  });
}

export interface UpdateBotResult {
  bot: BotRow;
  /** Set when the token was replaced: what getMe said about the old token's bot. */
  replaced?: { previous: TelegramMe | null; sameBot: boolean };
}

/**
 * Renames a bot and/or replaces its token (with the new token's getMe answer, fetched by the
 * caller). A token of a different Telegram bot is allowed: the owner may be moving the shop
 * to a new bot. Then the old bot's webhook no longer counts as ours (webhook_url becomes null
 * until the new one is registered) and the webhook secret is rotated, so updates the old bot
 * still sends to our URL fail authentication instead of reaching this shop as the new bot's.
 */
export async function updateBot(
  db: Db,
  input: {
    workspaceId: string;
    id: string;
    name?: string;
    replacement?: { token: string; telegramMe: TelegramMe };
    actor: Actor;
  },
): Promise<UpdateBotResult> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select(botColumns)
      .from(bots)
      .where(inWorkspace(input.workspaceId, input.id))
      .for("update");
    if (!before) throw notFound("Bot");
    const renamed = input.name !== undefined && input.name !== before.name;
    const { replacement } = input;
    if (!renamed && !replacement) return { bot: before };
    // Unknown before (a bot stored without getMe, like the demo's): nothing to compare with.
    const sameBot = !before.telegramMe || before.telegramMe.id === replacement?.telegramMe.id;
    const [row] = await tx
      .update(bots)
      .set({
        updatedAt: new Date(),
        ...(renamed ? { name: input.name } : {}),
        ...(replacement
          ? {
              tokenEncrypted: encryptSecret(replacement.token),
              telegramMe: replacement.telegramMe,
              ...(sameBot ? {} : { webhookSecretEncrypted: newWebhookSecret(), webhookUrl: null }),
            }
          : {}),
      })
      .where(inWorkspace(input.workspaceId, input.id))
      .returning(botColumns);
    if (!row) throw notFound("Bot");
    if (renamed) {
      await recordJournal(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        kind: "bot.renamed",
        botId: row.id,
        subjectId: row.id,
        data: { from: before.name, to: row.name },
      });
    }
    if (!replacement) return { bot: row };
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "bot.token_replaced",
      botId: row.id,
      subjectId: row.id,
      data: {
        telegramId: replacement.telegramMe.id,
        username: replacement.telegramMe.username,
        sameBot,
        ...(before.telegramMe
          ? {
              previous: {
                telegramId: before.telegramMe.id,
                username: before.telegramMe.username,
              },
            }
          : {}),
      },
    });
    return { bot: row, replaced: { previous: before.telegramMe, sameBot } };
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
