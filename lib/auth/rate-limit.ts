import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { rateLimits } from "@/lib/db/schema";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export const rateLimitRules = {
  /** Per email and per IP: slows password guessing without locking out the real owner for long. */
  login: { limit: 10, windowSeconds: 15 * 60 },
  /** Per IP; the limit is SIGNUP_LIMIT_PER_HOUR (app/api/account/signup). */
  signup: { limit: 10, windowSeconds: 60 * 60 },
  invitePreview: { limit: 60, windowSeconds: 60 },
  /** Per IP, on /d/{token}: a token cannot be guessed, but a page should not be hammered. */
  download: { limit: 60, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * Fixed-window counter in Postgres, so the limit holds across every process.
 * Returns the seconds to wait when over the limit, or 0.
 */
export async function consumeRateLimit(
  db: Executor,
  key: string,
  rule: RateLimitRule,
): Promise<number> {
  const expired = sql`${rateLimits.windowStart} <= now() - make_interval(secs => ${rule.windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: sql`now()`, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  if (!row || row.count <= rule.limit) return 0;
  const endsAt = row.windowStart.getTime() + rule.windowSeconds * 1000;
  return Math.max(1, Math.ceil((endsAt - Date.now()) / 1000));
}

export async function enforceRateLimit(
  db: Executor,
  key: string,
  rule: RateLimitRule,
): Promise<void> {
  const retryAfter = await consumeRateLimit(db, key, rule);
  if (retryAfter > 0) {
    throw new ApiError("rate_limited", `Too many attempts. Try again in ${retryAfter} seconds.`, {
      headers: { "Retry-After": String(retryAfter) },
    });
  }
}
