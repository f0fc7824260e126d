import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";

/**
 * Telegram's send limits as token buckets in Postgres (table send_limit), so they hold across
 * every process that sends for a bot (DESIGN.md, "Sending to Telegram"). A bucket holds up to
 * `burst` tokens and refills at `perSecond`; a send takes one.
 */
export interface Bucket {
  key: string;
  perSecond: number;
  burst: number;
}

export interface SendLimits {
  /** Messages per second per bot (Telegram: about 30). */
  botPerSecond: number;
  /** Per private chat: one a second, with short bursts. */
  privatePerSecond: number;
  privateBurst: number;
  /** Per group or channel: 20 a minute. */
  groupPerMinute: number;
}

export const defaultSendLimits: SendLimits = {
  botPerSecond: 30,
  privatePerSecond: 1,
  privateBurst: 3,
  groupPerMinute: 20,
};

/** The limits as configured (SEND_LIMIT_* in the environment; the defaults above otherwise). */
export function configuredSendLimits(c: {
  SEND_LIMIT_BOT_PER_SECOND: number;
  SEND_LIMIT_CHAT_PER_SECOND: number;
  SEND_LIMIT_CHAT_BURST: number;
  SEND_LIMIT_GROUP_PER_MINUTE: number;
}): SendLimits {
  return {
    botPerSecond: c.SEND_LIMIT_BOT_PER_SECOND,
    privatePerSecond: c.SEND_LIMIT_CHAT_PER_SECOND,
    privateBurst: c.SEND_LIMIT_CHAT_BURST,
    groupPerMinute: c.SEND_LIMIT_GROUP_PER_MINUTE,
  };
}

/** The buckets a message to `chatId` from `botId` must take a token from. */
export function bucketsFor(botId: string, chatId: string, limits: SendLimits): Bucket[] {
  const group = chatId.startsWith("-");
  return [
    group
      ? { key: `chat:${botId}:${chatId}`, perSecond: limits.groupPerMinute / 60, burst: 3 }
      : {
          key: `chat:${botId}:${chatId}`,
          perSecond: limits.privatePerSecond,
          burst: limits.privateBurst,
        },
    { key: `bot:${botId}`, perSecond: limits.botPerSecond, burst: limits.botPerSecond },
  ];
}

/**
 * Takes one token from the bucket in one statement (safe under concurrency). Returns 0 when it
 * got one, else the seconds until one will have refilled.
 */
export async function takeToken(db: Executor, bucket: Bucket): Promise<number> {
  const { key, perSecond: rate, burst } = bucket;
  const refilled = sql`least(${burst}::float8, send_limit.tokens + extract(epoch from (clock_timestamp() - send_limit.updated_at)) * ${rate}::float8)`;
  const taken = await db.execute<{ tokens: number }>(sql`
    insert into send_limit (key, tokens, updated_at)
    values (${key}, ${burst}::float8 - 1, clock_timestamp())
    on conflict (key) do update
      set tokens = ${refilled} - 1, updated_at = clock_timestamp()
      where ${refilled} >= 1
    returning tokens`);
  if (rowsOf(taken).length) return 0;
  const current = await db.execute<{ tokens: number }>(sql`
    select ${refilled} as tokens from send_limit where key = ${key}`);
  const tokens = Number(rowsOf<{ tokens: number }>(current)[0]?.tokens ?? 0);
  return Math.max(0.001, (1 - tokens) / rate);
}

/** PGlite answers `{ rows }`, postgres.js an array of rows. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
