import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { takeTokens, takeUpTo, type Bucket } from "./limits";

/*
 * The send-limit buckets against a real database, taken by many callers at once (on
 * PostgreSQL, over separate connections, as several senders would).
 */
describe("send limit buckets", () => {
  const db = useTestDatabase();
  // Refills about one token a day: what a test sees granted is what the bucket held.
  const slow = (key: string, burst: number): Bucket => ({ key, perSecond: 1 / 86_400, burst });
  const tokensOf = async (key: string) => {
    const result = await db().execute<{ tokens: number }>(
      sql`select tokens from send_limit where key = ${key}`,
    );
    const rows = Array.isArray(result) ? result : (result as { rows: { tokens: number }[] }).rows;
    return Number(rows[0]?.tokens);
  };

  it("grants a bucket's tokens k at a time, never more than it holds, to callers at once", async () => {
    const bucket = slow("test:bot:many", 10);
    const results = await Promise.all(Array.from({ length: 12 }, () => takeUpTo(db(), bucket, 3)));
    const granted = results.map((r) => r.granted);
    expect(granted.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...granted)).toBeLessThanOrEqual(3);
    // Each caller is told when each refused token comes: the first refused waits the least.
    for (const r of results) {
      expect(r.waits).toHaveLength(3 - r.granted);
      for (let i = 1; i < r.waits.length; i++) expect(r.waits[i]).toBeGreaterThan(r.waits[i - 1]!);
    }
    expect(await tokensOf(bucket.key)).toBeLessThan(1);
  });

  it("takes one token per bucket in one call, and only from buckets that have one", async () => {
    const full = slow("test:chat:full", 2);
    const empty = slow("test:chat:empty", 1);
    expect([...(await takeTokens(db(), [empty])).values()]).toEqual([0]);
    const waits = await takeTokens(db(), [full, empty]);
    expect(waits.get(full.key)).toBe(0);
    expect(waits.get(empty.key)).toBeGreaterThan(3600);
    // The refused bucket kept what it had; the other gave one.
    expect(await tokensOf(full.key)).toBeCloseTo(1, 3);
    expect(await tokensOf(empty.key)).toBeCloseTo(0, 3);
  });

  it("grants each bucket's burst and no more when many callers take overlapping buckets", async () => {
    const keys = ["a", "b", "c", "d"].map((k) => slow(`test:chat:overlap:${k}`, 5));
    // Each caller takes from three of the four buckets, in varying order.
    const calls = Array.from({ length: 16 }, (_, i) =>
      takeTokens(
        db(),
        [0, 1, 2, 3].filter((j) => j !== i % 4).map((j) => keys[(j + i) % 4]!),
      ),
    );
    const results = await Promise.all(calls);
    for (const bucket of keys) {
      const got = results.filter((r) => r.get(bucket.key) === 0).length;
      expect(got).toBe(5);
    }
  });
});
