import { and, count, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { broadcastClicks, broadcasts, contacts, journal, outbox } from "@/lib/db/schema";
import { drainOutbox } from "@/lib/jobs/sender";
import type { SendLimits } from "@/lib/jobs/limits";
import { useTestDatabase } from "@/test/db";
import { call, type RouteHandler } from "@/test/http";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";
import type { FakeCall } from "@/test/fakes/telegram";
import * as list from "@/app/api/v1/broadcasts/route";
import * as item from "@/app/api/v1/broadcasts/[id]/route";
import { POST as startRoute } from "@/app/api/v1/broadcasts/[id]/start/route";
import { POST as pauseRoute } from "@/app/api/v1/broadcasts/[id]/pause/route";
import { POST as resumeRoute } from "@/app/api/v1/broadcasts/[id]/resume/route";
import { POST as cancelRoute } from "@/app/api/v1/broadcasts/[id]/cancel/route";
import { POST as previewRoute } from "@/app/api/v1/broadcasts/preview/route";
import { POST as audienceRoute } from "@/app/api/v1/broadcasts/audience/route";
import { GET as clickRoute } from "@/app/r/b/[token]/route";
import { runBroadcastJobs } from "./jobs";
import { broadcastCause } from "./start";

/*
 * Broadcasts end to end against a real database and the fake Telegram: the API writes one outbox
 * row per recipient, the real sender sends them within Telegram's limits, and the rows tell
 * what became of each recipient.
 */

/** Telegram's limits as configured in production (the paid broadcast runs above the bot's). */
const limits: SendLimits = {
  botPerSecond: 30,
  privatePerSecond: 1,
  privateBurst: 3,
  groupPerMinute: 20,
};

describe("broadcasts", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;

  const as = () => shop.owner.session;
  const api = async (
    handler: RouteHandler,
    path: string,
    opts: { method?: string; body?: unknown; params?: Record<string, string> } = {},
  ) => {
    const res = await call(handler, path, { headers: as(), ...opts });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };

  async function addContacts(
    n: number,
    from: number,
    extra: Partial<typeof contacts.$inferInsert> = {},
  ) {
    const rows = Array.from({ length: n }, (_, i) => ({
      workspaceId: shop.workspaceId,
      botId: shop.botId,
      channelUserId: String(from + i),
      firstName: `User${from + i}`,
      languageCode: "en",
      ...extra,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db()
        .insert(contacts)
        .values(rows.slice(i, i + 500));
  }

  async function createAndStart(body: Record<string, unknown>) {
    const created = await api(list.POST, "/api/v1/broadcasts", {
      method: "POST",
      body: { botId: shop.botId, ...body },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id: string = created.json.broadcast.id;
    const started = await api(startRoute, `/api/v1/broadcasts/${id}/start`, {
      method: "POST",
      params: { id },
      body: {},
    });
    expect(started.status, JSON.stringify(started.json)).toBe(200);
    return { id, broadcast: started.json.broadcast };
  }

  const pendingOf = async (id: string) => {
    const [row] = await db()
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.cause, broadcastCause(id)), eq(outbox.status, "pending")));
    return Number(row?.n ?? 0);
  };

  const sendsTo = (chats: Set<string>, since = 0): FakeCall[] =>
    telegram()
      .calls.filter(
        (c) =>
          c.token === shop.fakeBot.token &&
          c.at >= since &&
          (c.method === "sendMessage" || c.method === "sendPhoto") &&
          chats.has(String(c.params.chat_id)),
      )
      .sort((a, b) => a.at - b.at);

  async function until(check: () => Promise<boolean> | boolean, ms: number, what: string) {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends per second over the calls, first to last. */
  /**
   * A sender loop as a process runs it (drain, short sleep, drain …). `crash()` makes its Bot API
   * calls hang for ever from then on, like a process killed mid-send: whatever it had claimed
   * stays leased and unfinished.
   */
  function runWorker() {
    let stopped = false;
    let crashed = false;
    let hung = 0;
    const api = (token: string) => {
      const client = shop.api(token);
      client.config.use((prev, method, payload, signal) => {
        if (!crashed) return prev(method, payload, signal);
        hung++;
        return new Promise<never>(() => {});
      });
      return client;
    };
    // After a crash the loop goes on: its next drain claims rows and hangs on them for ever.
    const loop = (async () => {
      while (!stopped) {
        await drainOutbox(db(), { api, limits });
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    return {
      crash: () => {
        crashed = true;
      },
      /** Bot API calls made since the crash, each hanging for ever with its row claimed. */
      hung: () => hung,
      /** A crashed worker's loop ends (a drain hung on its calls stays hung, as in a dead process). */
      abandon: () => {
        stopped = true;
      },
      stop: async () => {
        stopped = true;
        await loop;
      },
    };
  }

  const rateOf = (calls: FakeCall[]) =>
    (calls.length - 1) / ((calls.at(-1)!.at - calls[0]!.at) / 1000);

  /** The most any window of the calls exceeds what the bucket allows (≤ 0: within). */
  function overBucket(calls: FakeCall[], perSecond: number, burst: number): number {
    const times = calls.map((c) => c.at);
    let worst = -Infinity;
    for (let i = 0; i < times.length; i += 10)
      for (let j = i; j < times.length; j++)
        worst = Math.max(
          worst,
          j - i + 1 - (burst + (perSecond * (times[j]! - times[i]!)) / 1000 + 1),
        );
    return worst;
  }

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
  });

  it(
    "sends 2,000 recipients at the configured rate, no 429, each once across a restart and a crash",
    { timeout: 90_000 },
    async () => {
      // Above Telegram's 30/s (a paid broadcast), and within what a sender round keeps up with
      // on a loaded two-core CI machine on both databases.
      const rate = 100;
      // A running server's connections and code paths are warm; so are the test's.
      await addContacts(50, 900_000, { tags: ["warm"] });
      const warm = await createAndStart({
        name: "Warm-up",
        message: { text: "Hi" },
        filter: { tagsAll: ["warm"] },
        ratePerSecond: 1000,
      });
      const warmer = runWorker();
      await until(async () => (await pendingOf(warm.id)) === 0, 10_000, "the warm-up");
      await warmer.stop();

      await addContacts(2000, 1_000_000, { tags: ["bulk"] });
      const chats = new Set(Array.from({ length: 2000 }, (_, i) => String(1_000_000 + i)));
      const { id, broadcast } = await createAndStart({
        name: "Bulk",
        message: {
          text: "Hello, {{contact.first_name}}!",
          buttons: [{ text: "Shop", url: "https://shop.example/sale" }],
        },
        filter: { tagsAll: ["bulk"] },
        ratePerSecond: rate,
      });
      expect(broadcast).toMatchObject({ status: "sending", total: 2000, paid: true });

      // A second start cannot queue anyone twice.
      const again = await api(startRoute, `/api/v1/broadcasts/${id}/start`, {
        method: "POST",
        params: { id },
        body: {},
      });
      expect(again.status).toBe(409);
      expect(await pendingOf(id)).toBe(2000);

      // Two "processes": the first dies mid-way (its Bot API calls never return, as when a
      // process is killed), holding the rows it claimed under their lease; the second takes
      // over when the lease ends.
      const t0 = Date.now();
      const first = runWorker();
      await until(() => sendsTo(chats).length >= 1000, 20_000, "half the recipients");
      first.crash();
      const leasedRows = () =>
        db()
          .select({ id: outbox.id })
          .from(outbox)
          .where(
            and(
              eq(outbox.cause, broadcastCause(id)),
              eq(outbox.status, "pending"),
              sql`${outbox.notBefore} > clock_timestamp() + interval '30 seconds'`,
            ),
          );
      // The dead process holds what its last drain claimed: wait for a drain to hang on its
      // calls (one that was already under way when it crashed finishes its rows normally).
      await until(() => first.hung() > 0, 5_000, "a drain hung on its claim");
      await until(async () => (await leasedRows()).length > 0, 5_000, "the crashed claim");
      first.abandon();
      const beforeCrash = sendsTo(chats);
      const leased = await leasedRows();
      const restartedAt = Date.now();
      const second = runWorker();
      await new Promise((r) => setTimeout(r, 200));
      // 60 s later, as it were: the dead process's leases end.
      await db().execute(sql`
        update outbox set not_before = clock_timestamp()
        where cause = ${broadcastCause(id)} and status = 'pending'
          and not_before > clock_timestamp() + interval '30 seconds'`);
      await until(async () => (await pendingOf(id)) === 0, 30_000, "every recipient").catch(
        async (err: unknown) => {
          const left = await db().execute(sql`
            select status, attempts, last_error, not_before > clock_timestamp() as later, count(*)
            from outbox where cause = ${broadcastCause(id)} group by 1, 2, 3, 4`);
          console.log("DEBUG", sendsTo(chats).length, JSON.stringify(left));
          throw err;
        },
      );
      await second.stop();
      const elapsed = Date.now() - t0;
      // Calls the dead process had already made arrive after the crash; the second process's
      // rate counts from its start.
      const afterCrash = sendsTo(chats, restartedAt);
      const all = sendsTo(chats);
      const perChat = new Map<string, number>();
      for (const c of all)
        perChat.set(String(c.params.chat_id), (perChat.get(String(c.params.chat_id)) ?? 0) + 1);
      expect(perChat.size).toBe(2000);
      expect([...perChat.values()].filter((n) => n !== 1)).toEqual([]);
      expect(all.filter((c) => c.status === 429)).toEqual([]);
      expect(all.every((c) => c.status === 200)).toBe(true);
      expect(all[0]!.params).toMatchObject({ allow_paid_broadcast: true });

      const firstRate = rateOf(beforeCrash);
      const secondRate = rateOf(afterCrash);
      console.log(
        `broadcast of 2000 at ${rate}/s: ${beforeCrash.length} at ${firstRate.toFixed(1)}/s, crash with ${leased.length} rows leased, ${afterCrash.length} at ${secondRate.toFixed(1)}/s; ${elapsed} ms in all`,
      );
      expect(leased.length).toBeGreaterThan(0);
      expect(firstRate).toBeGreaterThanOrEqual(rate * 0.95);
      expect(secondRate).toBeGreaterThanOrEqual(rate * 0.95);
      // Never faster than the broadcast's bucket allows (a second's burst, then the rate), give
      // or take the few ms between taking a token and the fake stamping the request's arrival.
      expect(overBucket(all, rate, rate)).toBeLessThanOrEqual(rate * 0.05);

      const read = await api(item.GET, `/api/v1/broadcasts/${id}`, { params: { id } });
      expect(read.json.broadcast).toMatchObject({
        status: "completed",
        progress: { pending: 0, sent: 2000, failed: 0, blocked: 0, cancelled: 0 },
      });
      const kinds = (
        await db()
          .select({ kind: journal.kind })
          .from(journal)
          .where(and(eq(journal.subjectId, id), eq(journal.workspaceId, shop.workspaceId)))
      ).map((j) => j.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(["broadcast.created", "broadcast.started", "broadcast.completed"]),
      );
    },
  );

  it("pauses, resumes and counts blocked recipients; cancel stops; clicks go through the redirect", async () => {
    await addContacts(12, 2_000_000, { tags: ["vip"] });
    await addContacts(1, 2_000_100, { tags: ["vip"], blocked: true });
    telegram().setBlocked(2_000_003);
    telegram().setBlocked(2_000_007);
    const chats = new Set(
      Array.from({ length: 13 }, (_, i) => String(2_000_000 + i)).concat("2000100"),
    );
    const { id, broadcast } = await createAndStart({
      name: "VIP",
      message: {
        text: 'Hi {{contact.first_name}}, see <a href="https://shop.example/new?a=1&amp;b=2">new</a>',
        format: "html",
        buttons: [{ text: "Open", url: "https://shop.example/open" }],
      },
      filter: { tagsAll: ["vip"] },
      ratePerSecond: 30,
    });
    // The contact known to have blocked the bot is not in the audience.
    expect(broadcast.total).toBe(12);

    const paused = await api(pauseRoute, `/api/v1/broadcasts/${id}/pause`, {
      method: "POST",
      params: { id },
    });
    expect(paused.json.broadcast.status).toBe("paused");
    const since = Date.now();
    await shop.drain();
    expect(sendsTo(chats, since)).toEqual([]);
    expect(await pendingOf(id)).toBe(12);

    const resumed = await api(resumeRoute, `/api/v1/broadcasts/${id}/resume`, {
      method: "POST",
      params: { id },
    });
    expect(resumed.json.broadcast.status).toBe("sending");
    await until(
      async () => {
        await shop.drain();
        return (await pendingOf(id)) === 0;
      },
      10_000,
      "the resumed broadcast",
    );
    const read = await api(item.GET, `/api/v1/broadcasts/${id}`, { params: { id } });
    expect(read.json.broadcast.status).toBe("completed");
    expect(read.json.broadcast.progress).toEqual({
      pending: 0,
      sent: 10,
      failed: 0,
      blocked: 2,
      cancelled: 0,
    });

    // Clicks: the button and the text's link point at the redirect, which counts and forwards.
    const sent = sendsTo(new Set(["2000001"]))[0]!;
    const button = (sent.params.reply_markup as { inline_keyboard: { url: string }[][] })
      .inline_keyboard[0]![0]!.url;
    const link = /href="([^"]+)"/.exec(String(sent.params.text))![1]!;
    expect(sent.params.text).toContain("Hi User2000001");
    for (const [url, to] of [
      [button, "https://shop.example/open"],
      [button, "https://shop.example/open"],
      [link, "https://shop.example/new?a=1&b=2"],
    ] as const) {
      const token = new URL(url).pathname.split("/").at(-1)!;
      const res = await call(clickRoute as RouteHandler, url, { params: { token } });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(to);
    }
    const token = new URL(button).pathname.split("/").at(-1)!;
    const forged = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect(
      (await call(clickRoute as RouteHandler, "/r/b/x", { params: { token: forged } })).status,
    ).toBe(404);
    expect(
      (await call(clickRoute as RouteHandler, "/r/b/x", { params: { token: "nonsense" } })).status,
    ).toBe(404);
    const clicks = await api(item.GET, `/api/v1/broadcasts/${id}`, { params: { id } });
    expect(clicks.json.clicks).toEqual([
      expect.objectContaining({ index: 0, kind: "button", clicks: 2, people: 1 }),
      expect.objectContaining({ index: 1, kind: "link", label: "new", clicks: 1, people: 1 }),
    ]);
    expect(
      await db().select().from(broadcastClicks).where(eq(broadcastClicks.broadcastId, id)),
    ).toHaveLength(3);

    // Cancel: nobody still pending gets it.
    const other = await createAndStart({
      name: "Cancelled",
      message: { text: "Never" },
      filter: { tagsAll: ["vip"] },
      ratePerSecond: 1,
    });
    const cancelled = await api(cancelRoute, `/api/v1/broadcasts/${other.id}/cancel`, {
      method: "POST",
      params: { id: other.id },
    });
    expect(cancelled.json.broadcast.status).toBe("cancelled");
    const before = Date.now();
    await shop.drain();
    expect(sendsTo(chats, before)).toEqual([]);
    const afterCancel = await api(item.GET, `/api/v1/broadcasts/${other.id}`, {
      params: { id: other.id },
    });
    expect(afterCancel.json.broadcast.progress).toMatchObject({
      pending: 0,
      sent: 0,
      cancelled: 10,
    });
    const resumeCancelled = await api(resumeRoute, `/api/v1/broadcasts/${other.id}/resume`, {
      method: "POST",
      params: { id: other.id },
    });
    expect(resumeCancelled.status).toBe(409);
  });

  it("previews with a real contact, counts the audience, and starts a scheduled broadcast once", async () => {
    await addContacts(3, 3_000_000, { tags: ["later"], languageCode: "ru" });
    const [contact] = await db()
      .select()
      .from(contacts)
      .where(eq(contacts.channelUserId, "3000001"));
    const preview = await api(previewRoute, "/api/v1/broadcasts/preview", {
      method: "POST",
      body: {
        botId: shop.botId,
        contactId: contact!.id,
        message: {
          text: 'Привет, {{contact.first_name}}! {{contact.fields.city | "Москва"}}',
          buttons: [{ text: "Go", url: "https://shop.example/go" }],
        },
      },
    });
    expect(preview.status).toBe(200);
    expect(preview.json.call.params.text).toBe("Привет, User3000001! Москва");
    // The preview's buttons open the shop's own address: a preview's tap is not a click.
    expect(preview.json.call.params.reply_markup.inline_keyboard[0][0].url).toBe(
      "https://shop.example/go",
    );

    const audience = await api(audienceRoute, "/api/v1/broadcasts/audience", {
      method: "POST",
      body: { botId: shop.botId, filter: { tagsAll: ["later"] } },
    });
    expect(audience.json.count).toBe(3);
    expect(audience.json.contacts).toHaveLength(3);

    const created = await api(list.POST, "/api/v1/broadcasts", {
      method: "POST",
      body: {
        botId: shop.botId,
        name: "Later",
        message: { text: "Later" },
        filter: { tagsAll: ["later"] },
      },
    });
    const id: string = created.json.broadcast.id;
    const scheduled = await api(startRoute, `/api/v1/broadcasts/${id}/start`, {
      method: "POST",
      params: { id },
      body: { at: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(scheduled.json.broadcast.status).toBe("scheduled");
    expect(await runBroadcastJobs(db())).toBe(false);
    await db()
      .update(broadcasts)
      .set({ scheduledAt: new Date(Date.now() - 1000) })
      .where(eq(broadcasts.id, id));
    // Two processes' periodic jobs at once: it starts once.
    const [a, b] = await Promise.all([runBroadcastJobs(db()), runBroadcastJobs(db())]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await pendingOf(id)).toBe(3);
    await shop.drain();
    await runBroadcastJobs(db());
    const [row] = await db().select().from(broadcasts).where(eq(broadcasts.id, id));
    expect(row).toMatchObject({ status: "completed", total: 3 });
    const kinds = await db()
      .select({ kind: journal.kind })
      .from(journal)
      .where(
        and(
          eq(journal.subjectId, id),
          inArray(journal.kind, [
            "broadcast.scheduled",
            "broadcast.started",
            "broadcast.completed",
          ]),
        ),
      );
    expect(kinds.map((k) => k.kind).sort()).toEqual([
      "broadcast.completed",
      "broadcast.scheduled",
      "broadcast.started",
    ]);
  });
});
