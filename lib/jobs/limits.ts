import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";

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
export function bucketsFor(
  botId: string,
  chatId: string,
  limits: SendLimits,
): [chat: Bucket, bot: Bucket] {
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
 * A broadcast's own pace (lib/broadcasts): its rows carry the rate they were started with, and
 * every row of the broadcast takes a token from "broadcast:<id>" besides the chat's. A row sent
 * as a paid broadcast (allow_paid_broadcast, up to 1000/s) is not held to the bot's free limit.
 */
export function broadcastBucketFor(row: {
  cause: string | null;
  payload: Record<string, unknown>;
}): (Bucket & { paid: boolean }) | undefined {
  const rate = row.payload.ratePerSecond;
  if (!row.cause?.startsWith("broadcast:") || typeof rate !== "number" || !(rate > 0))
    return undefined;
  const params = row.payload.params as Record<string, unknown> | undefined;
  return {
    key: row.cause,
    perSecond: rate,
    burst: Math.max(1, rate),
    paid: params?.allow_paid_broadcast === true,
  };
}

/**
 * Takes one token from each bucket, all in one statement per kind of bucket (safe under
 * concurrency: each key's row is updated under its row lock). Keys must be distinct. Returns,
 * for each key, 0 when it got its token, else the seconds until one will have refilled.
 */
export async function takeTokens(db: Executor, buckets: Bucket[]): Promise<Map<string, number>> {
  const waits = new Map<string, number>();
  const kinds = new Map<string, Bucket[]>();
  // In key order, so two senders taking overlapping keys lock them in the same order.
  for (const b of [...buckets].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) {
    if (waits.has(b.key)) throw new Error(`takeTokens: bucket ${b.key} given twice`);
    waits.set(b.key, 0);
    const kind = `${b.perSecond}/${b.burst}`;
    kinds.set(kind, [...(kinds.get(kind) ?? []), b]);
  }
  // ON CONFLICT DO UPDATE sees only the row and `excluded`, so one statement per rate and burst
  // (a round of replies to private chats is one).
  for (const group of kinds.values()) {
    const { perSecond: rate, burst } = group[0]!;
    const refilled = sql`least(${burst}::float8, send_limit.tokens + extract(epoch from (clock_timestamp() - send_limit.updated_at)) * ${rate}::float8)`;
    const taken = await db.execute<{ key: string }>(sql`
      insert into send_limit (key, tokens, updated_at)
      select v.key, ${burst}::float8 - 1, clock_timestamp()
      from (values ${sql.join(
        group.map((b) => sql`(${b.key}::text)`),
        sql`, `,
      )}) as v(key)
      on conflict (key) do update
        set tokens = ${refilled} - 1, updated_at = clock_timestamp()
        where ${refilled} >= 1
      returning key`);
    const granted = new Set(rowsOf<{ key: string }>(taken).map((r) => r.key));
    const refused = group.filter((b) => !granted.has(b.key));
    if (!refused.length) continue;
    const current = await db.execute<{ key: string; tokens: number }>(sql`
      select key, ${refilled} as tokens from send_limit
      where key in (${sql.join(
        refused.map((b) => sql`${b.key}`),
        sql`, `,
      )})`);
    const tokens = new Map(
      rowsOf<{ key: string; tokens: number }>(current).map((r) => [r.key, Number(r.tokens)]),
    );
    for (const b of refused)
      waits.set(b.key, Math.max(0.001, (1 - (tokens.get(b.key) ?? 0)) / rate));
  }
  return waits;
}

/**
 * For one send outside the sender's rounds (a file): a token from each of the buckets, and 0, or
 * the seconds until the scarcest will have one. A token another bucket granted meanwhile is spent
 * unused, which only ever slows the bot down.
 */
export async function tokenWait(db: Executor, buckets: Bucket[]): Promise<number> {
  const waits = await takeTokens(db, buckets);
  return Math.max(0, ...waits.values());
}

/**
 * Takes up to `wanted` tokens from one bucket in one statement. Returns how many it got and,
 * for each of the others in turn, the seconds until its token will have refilled (the first
 * refused waits for one token, the second for two, …), so they do not all come back at once.
 */
export async function takeUpTo(
  db: Executor,
  bucket: Bucket,
  wanted: number,
): Promise<{ granted: number; waits: number[] }> {
  const { key, perSecond: rate, burst } = bucket;
  // The row is locked first and refilled from what the lock returned (under READ COMMITTED a
  // concurrent sender's update is seen), at one instant, so no token is made or lost.
  const take = () =>
    db.execute<{ granted: number; tokens: number }>(sql`
      with old as (
        select clock_timestamp() as at, tokens, updated_at from send_limit
        where key = ${key} for update
      ), refill as (
        select at, least(${burst}::float8, tokens + extract(epoch from (at - updated_at)) * ${rate}::float8) as tokens
        from old
      ), grant_ as (
        select at, tokens, least(${wanted}::float8, floor(tokens)) as n from refill
      )
      update send_limit s set tokens = g.tokens - g.n, updated_at = g.at
      from grant_ g where s.key = ${key}
      returning g.n as granted, s.tokens as tokens`);
  let [row] = rowsOf<{ granted: number; tokens: number }>(await take());
  if (!row) {
    // The bucket's first use: it starts full.
    await db.execute(sql`
      insert into send_limit (key, tokens, updated_at)
      values (${key}, ${burst}::float8, clock_timestamp())
      on conflict (key) do nothing`);
    [row] = rowsOf<{ granted: number; tokens: number }>(await take());
  }
  const granted = Number(row?.granted ?? 0);
  const left = Number(row?.tokens ?? 0);
  const waits = Array.from({ length: wanted - granted }, (_, i) =>
    Math.max(0.001, (i + 1 - left) / rate),
  );
  return { granted, waits };
}
