import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import { createTestDatabase, useTestDatabase } from "@/test/db";
import { messageUpdate, type FakeCall } from "@/test/fakes/telegram";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";
import { processTelegramUpdate } from "@/lib/runtime/telegram-update";
import { drainOutbox } from "./sender";
import type { SendLimits } from "./limits";

/*
 * The sender against a real database and the fake Telegram: Telegram's limits as token buckets
 * shared through the database, durable timers, and several workers (as several processes would)
 * sending every message exactly once.
 */

const greeting = (text: string): FlowDocument => ({
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    { id: "hi", type: "message", position: { x: 300, y: 0 }, config: { text } },
  ],
  edges: [{ id: "e", source: "start", sourceHandle: "next", target: "hi" }],
  variables: [],
});

/** Drains until nothing is pending (rows held back by a limit come due meanwhile). */
async function drainAll(drain: () => Promise<unknown>, pending: () => Promise<number>) {
  const deadline = Date.now() + 20_000;
  while ((await pending()) > 0) {
    if (Date.now() > deadline) throw new Error("the outbox did not empty within 20 s");
    await drain();
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The token bucket's promise: in any window of w seconds at most burst + rate × w sends (+1 for
 * the token that may refill exactly at the window's edge).
 */
function maxOverLimit(times: number[], perSecond: number, burst: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = -Infinity;
  for (let i = 0; i < sorted.length; i++)
    for (let j = i; j < sorted.length; j++) {
      const seconds = (sorted[j]! - sorted[i]!) / 1000;
      worst = Math.max(worst, j - i + 1 - (burst + perSecond * seconds + 1));
    }
  return worst;
}

describe("the sender", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let updateId = 5000;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
    await shop.publish(greeting("Hello"));
  });

  const start = (chatId: number) =>
    shop.deliver({ ...messageUpdate({ chatId, text: "/start" }), update_id: ++updateId });
  const pending = async () =>
    (await db().select({ id: outbox.id }).from(outbox).where(eq(outbox.status, "pending"))).length;
  const sendsTo = (calls: FakeCall[], chatId: number) =>
    calls.filter((c) => c.method === "sendMessage" && String(c.params.chat_id) === String(chatId));

  it("keeps one chat within its rate after a short burst", async () => {
    const limits: SendLimits = {
      botPerSecond: 1000,
      privatePerSecond: 5,
      privateBurst: 2,
      groupPerMinute: 20,
    };
    const chat = 700;
    for (let i = 0; i < 8; i++) await start(chat);
    const since = telegram().calls.length;
    await drainAll(() => drainOutbox(db(), { api: shop.api, limits }), pending);
    const times = sendsTo(telegram().calls.slice(since), chat).map((c) => c.at);
    expect(times).toHaveLength(8);
    expect(maxOverLimit(times, 5, 2)).toBeLessThanOrEqual(0);
    // And the limit was what held them back: the eight took at least (8 - 2) / 5 s.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(
      ((8 - 2) / 5) * 1000 - 100,
    );
  });

  it("keeps the bot within its rate across many chats", async () => {
    const limits: SendLimits = {
      botPerSecond: 20,
      privatePerSecond: 1000,
      privateBurst: 1000,
      groupPerMinute: 20,
    };
    const chats = Array.from({ length: 50 }, (_, i) => 800 + i);
    await Promise.all(chats.map(start));
    const since = telegram().calls.length;
    await drainAll(() => drainOutbox(db(), { api: shop.api, limits }), pending);
    const sent = telegram()
      .calls.slice(since)
      .filter((c) => c.method === "sendMessage");
    expect(sent).toHaveLength(50);
    expect(
      maxOverLimit(
        sent.map((c) => c.at),
        20,
        20,
      ),
    ).toBeLessThanOrEqual(0);
  });

  it("sends what the bot's limit allows of a round and holds the rest back, uncounted", async () => {
    const limited = await createRuntimeShop(db(), telegram());
    await limited.publish(greeting("Hello"));
    const limits: SendLimits = {
      botPerSecond: 3,
      privatePerSecond: 1000,
      privateBurst: 1000,
      groupPerMinute: 20,
    };
    const chats = Array.from({ length: 6 }, (_, i) => 1200 + i);
    for (const chat of chats)
      await limited.deliver({
        ...messageUpdate({ chatId: chat, text: "/start" }),
        update_id: ++updateId,
      });
    const rows = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.botId, limited.botId), eq(outbox.status, "pending")))
      .orderBy(outbox.id);
    expect(rows).toHaveLength(6);
    const since = telegram().calls.length;
    const before = Date.now();

    await drainOutbox(db(), { api: limited.api, limits });
    const after = await db()
      .select()
      .from(outbox)
      .where(eq(outbox.botId, limited.botId))
      .orderBy(outbox.id);
    // The first three in the round's order went out; the others wait for the bucket to refill,
    // one after another, and the attempt does not count against them.
    expect(after.map((r) => r.status)).toEqual([
      "sent",
      "sent",
      "sent",
      "pending",
      "pending",
      "pending",
    ]);
    const held = after.filter((r) => r.status === "pending");
    expect(held.map((r) => r.attempts)).toEqual([0, 0, 0]);
    for (const r of held) expect(r.notBefore.getTime()).toBeGreaterThan(before);
    expect(held[1]!.notBefore.getTime()).toBeGreaterThan(held[0]!.notBefore.getTime());
    expect(
      sendsTo(telegram().calls.slice(since), chats[0]!).length +
        sendsTo(telegram().calls.slice(since), chats[3]!).length,
    ).toBe(1);

    await drainAll(() => drainOutbox(db(), { api: limited.api, limits }), pending);
    for (const chat of chats) expect(sendsTo(telegram().calls.slice(since), chat)).toHaveLength(1);
  });

  it("fires a wait's timer from the database after a restart", async () => {
    await shop.publish({
      version: 1,
      nodes: [
        {
          id: "start",
          type: "trigger.command",
          position: { x: 0, y: 0 },
          config: { command: "remind" },
        },
        {
          id: "wait",
          type: "wait",
          position: { x: 300, y: 0 },
          config: { amount: 1, unit: "hours" },
        },
        {
          id: "later",
          type: "message",
          position: { x: 600, y: 0 },
          config: { text: "An hour later" },
        },
      ],
      edges: [
        { id: "a", source: "start", sourceHandle: "next", target: "wait" },
        { id: "b", source: "wait", sourceHandle: "next", target: "later" },
      ],
      variables: [],
    });
    const chat = 900;
    await shop.deliver({
      ...messageUpdate({ chatId: chat, text: "/remind" }),
      update_id: ++updateId,
    });
    const limits = {
      botPerSecond: 1e6,
      privatePerSecond: 1e6,
      privateBurst: 1e6,
      groupPerMinute: 1e6,
    };
    await drainOutbox(db(), { api: shop.api, limits });
    const [timer] = await db().select().from(outbox).where(eq(outbox.kind, "timer"));
    expect(timer!.status).toBe("pending");
    expect(timer!.notBefore.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(telegram().messagesIn(chat)).toHaveLength(0);

    // The process restarts; an hour passes (the row's due time moves into the past).
    await db()
      .update(outbox)
      .set({ notBefore: new Date(Date.now() - 1000) })
      .where(eq(outbox.id, timer!.id));
    await drainOutbox(db(), { api: shop.api, limits });
    await drainOutbox(db(), { api: shop.api, limits });
    expect(
      telegram()
        .messagesIn(chat)
        .map((m) => ("text" in m ? m.text : "")),
    ).toEqual(["An hour later"]);
  });
});

/*
 * Scaling out is more stateless processes on one Postgres. Two workers with their own connection
 * pools (what two processes have) process updates and drain the outbox at the same time; the
 * only thing they share is the database.
 */
describe.runIf(process.env.DATABASE_URL)("two processes on one Postgres", () => {
  const telegram = useFakeTelegram();
  let first: Awaited<ReturnType<typeof createTestDatabase>>;
  let second: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    first = await createTestDatabase();
    second = await openDatabase({ kind: "postgres", url: first.url!, maxConnections: 10 });
    return async () => {
      await second.close();
      await first.close();
    };
  });

  it("answer every update once and keep the bot's limit in total", async () => {
    const shop = await createRuntimeShop(first.db, telegram());
    await shop.publish(greeting("Hello"));
    const bot = { id: shop.botId, workspaceId: shop.workspaceId, username: shop.fakeBot.username };
    const chats = Array.from({ length: 40 }, (_, i) => 3000 + i);
    // Every update reaches both processes (a redelivery after a timeout, say).
    await Promise.all(
      chats.flatMap((chat, i) => {
        const update = {
          ...messageUpdate({ chatId: chat, text: "/start" }),
          update_id: 90_000 + i,
        };
        return [
          processTelegramUpdate(first.db, bot, update),
          processTelegramUpdate(second.db, bot, update),
        ];
      }),
    );
    const limits: SendLimits = {
      botPerSecond: 20,
      privatePerSecond: 1000,
      privateBurst: 1000,
      groupPerMinute: 20,
    };
    const since = telegram().calls.length;
    const pendingIn = async () =>
      (await first.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, "pending")))
        .length;
    await Promise.all([
      drainAll(() => drainOutbox(first.db, { api: shop.api, limits }), pendingIn),
      drainAll(() => drainOutbox(second.db, { api: shop.api, limits }), pendingIn),
    ]);
    const sent = telegram()
      .calls.slice(since)
      .filter((c) => c.method === "sendMessage");
    expect(sent.map((c) => Number(c.params.chat_id)).sort((a, b) => a - b)).toEqual(chats);
    expect(
      maxOverLimit(
        sent.map((c) => c.at),
        20,
        20,
      ),
    ).toBeLessThanOrEqual(0);
  });
});
