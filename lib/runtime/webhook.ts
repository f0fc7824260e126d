import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { bots, workspaces } from "@/lib/db/schema";
import { constantTimeEqual, decryptSecret } from "@/lib/crypto/secrets";
import type { RuntimeBot } from "./engine";
import { isUuid } from "@/lib/api/caller";

/*
 * Every update reads its bot's row, which almost never changes: each process keeps what it read
 * (with the secret decrypted) for botCacheMs. A secret that does not match the cached one is
 * checked against the database again, so a new secret works at once. The bound: after a secret
 * is rotated (a revoked token's disconnect, a new token) or the bot deleted, a process that had
 * read the row accepts the old secret for up to botCacheMs more; a deleted bot's update then
 * fails on its first write (the contact's foreign key) and is not processed.
 */
const botCacheMs = 2_000;
const botCacheSize = 1_000;
const botCache = new Map<string, CachedBot>();

/**
 * The bot a webhook call is for, when it carries that bot's secret
 * (X-Telegram-Bot-Api-Secret-Token, compared in constant time); null otherwise. An unknown bot
 * and a wrong secret look the same to the caller.
 */
export async function authenticateWebhook(
  db: Db,
  botId: string,
  secretHeader: string | null,
): Promise<RuntimeBot | null> {
  if (!secretHeader || !isUuid(botId)) return null;
  const cached = botCache.get(botId);
  if (cached && cached.until > Date.now()) {
    if (constantTimeEqual(cached.secret, secretHeader)) return cached.bot;
    // Perhaps a new secret: read the row again, not sharing a read that began before it.
    return checked(await readBot(db, botId), secretHeader);
  }
  // Expired or never read: the updates arriving meanwhile share one read, not one each.
  let reading = botReads.get(botId);
  if (!reading) {
    reading = readBot(db, botId).finally(() => botReads.delete(botId));
    botReads.set(botId, reading);
  }
  // A read that began before a new secret was stored does not refuse it: read again.
  return checked(await reading, secretHeader) ?? checked(await readBot(db, botId), secretHeader);
}

const botReads = new Map<string, Promise<CachedBot | undefined>>();

interface CachedBot {
  until: number;
  bot: RuntimeBot;
  secret: string;
}

function checked(entry: CachedBot | undefined, secretHeader: string): RuntimeBot | null {
  return entry && constantTimeEqual(entry.secret, secretHeader) ? entry.bot : null;
}

/** Reads the bot's row (the secret decrypted) and caches it; undefined when there is none. */
async function readBot(db: Db, botId: string): Promise<CachedBot | undefined> {
  const [row] = await db
    .select({
      id: bots.id,
      workspaceId: bots.workspaceId,
      secret: bots.webhookSecretEncrypted,
      me: bots.telegramMe,
      support: bots.support,
      timeZone: workspaces.timeZone,
    })
    .from(bots)
    .innerJoin(workspaces, eq(workspaces.id, bots.workspaceId))
    .where(eq(bots.id, botId));
  botCache.delete(botId);
  if (!row) return undefined;
  const entry = {
    until: Date.now() + botCacheMs,
    bot: {
      id: row.id,
      workspaceId: row.workspaceId,
      username: row.me?.username ?? "",
      support: row.support,
      timeZone: row.timeZone,
    } satisfies RuntimeBot,
    secret: decryptSecret(row.secret),
  };
  botCache.set(botId, entry);
  if (botCache.size > botCacheSize) botCache.delete(botCache.keys().next().value!);
  return entry;
}
