/*
 * The Telegram webhook on PostgreSQL: sustained updates per second and webhook latency of the
 * production server, next to the same flow written by hand with grammY on the same database.
 *
 *   npx next build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     npm run bench:webhook -- [--rate 500] [--seconds 10] [--concurrency 32] [--connections 40]
 *       [--runs 3] [--port 3312] [--server-profile DIR] [--baseline-profile DIR]
 *
 * Prints figures; asserts nothing (docs/performance.md says what they mean and what we aim for).
 * Creates a fresh database on the server named by DATABASE_URL (dropped at the end), starts a
 * fake Telegram Bot API in this process, seeds a shop whose bot runs
 * /start → "Hi {{contact.first_name}}!" → buttons [Buy, Help] → Buy → "Great choice", and starts
 * `next start` on it. Each simulated buyer (its own chat) sends /start and, once that is
 * answered, presses Buy. Then the baseline: a grammY bot in a child process doing the same with
 * its own tables in the same database and replying before it answers (serveBaseline says
 * exactly what each side does). After a warm-up, each run gives each target an open-loop run at
 * a fixed rate over keep-alive connections (as Telegram delivers: at most `--connections`
 * requests in flight, the rest wait) and a closed-loop run at full speed; the summary is the
 * median of `--runs` runs. Botshop answers before its replies leave (the outbox), so its
 * throughput is given twice: webhook answers per second, and until its outbox was empty.
 * Each run also gives the CPU time per update of each server's processes (from /proc, from the
 * first request until the replies were sent) and of the PostgreSQL backends serving them: a
 * figure other load on the machine disturbs far less than throughput.
 * `--server-profile DIR` writes a V8 CPU profile of `next start` there, `--baseline-profile DIR`
 * one of the baseline.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Api, Bot, BotError, InlineKeyboard, webhookCallback } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import postgres from "postgres";
import { parseConfig, setConfigForTests } from "@/lib/config/env";
import { randomToken } from "@/lib/crypto/secrets";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import type { FlowDocument } from "@/lib/flow/document";
import {
  callbackUpdate,
  messageUpdate,
  startFakeTelegram,
  type FakeBot,
  type FakeTelegram,
} from "@/test/fakes/telegram";
import { createRuntimeShop } from "@/test/runtime";
import {
  cpuDelta,
  cpuTimes,
  createBenchDatabase,
  fmt,
  median,
  parseArgs,
  percentile,
} from "./figures";

const args = parseArgs(process.argv.slice(2));
const rate = Number(args.rate ?? 500);
const seconds = Number(args.seconds ?? 10);
const concurrency = Number(args.concurrency ?? 32);
/** Telegram's default max_connections for a webhook is 40. */
const connections = Number(args.connections ?? 40);
const warmupSeconds = Number(args["warmup-seconds"] ?? 5);
/** Each measurement is made this many times; the summary gives the median. */
const runs = Number(args.runs ?? 3);
const port = Number(args.port ?? 3312);
const baselinePort = Number(args["baseline-port"] ?? port + 1);
/**
 * SEND_LIMIT_BOT_PER_SECOND for the server's sender. Telegram allows a bot about 30 messages a
 * second; at that rate the sender could not show how fast it delivers, so by default it is
 * lifted and the output says how long Telegram's limit would have made delivery take.
 */
const botSendLimit = Number(args["bot-send-limit"] ?? 100_000);
const drainTimeoutMs = Number(args["drain-timeout"] ?? 300) * 1000;
const requestTimeoutMs = 30_000;
const telegramBotLimit = 30;
const root = path.resolve(__dirname, "..");
const appSecret = randomToken(32);

/** The flow under test; node and button ids make the Buy button's callback_data "menu:buy". */
const shopFlow: FlowDocument = {
  version: 1,
  nodes: [
    { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
    {
      id: "hello",
      type: "message",
      position: { x: 300, y: 0 },
      config: { text: "Hi {{contact.first_name}}!" },
    },
    {
      id: "menu",
      type: "buttons",
      position: { x: 600, y: 0 },
      config: {
        text: "What would you like?",
        buttons: [
          { id: "buy", text: "Buy" },
          { id: "help", text: "Help", sameRow: true },
        ],
      },
    },
    {
      id: "bought",
      type: "message",
      position: { x: 900, y: 0 },
      config: { text: "Great choice" },
    },
    {
      id: "support",
      type: "message",
      position: { x: 900, y: 200 },
      config: { text: "Write to support@example.com" },
    },
  ],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "hello" },
    { id: "e2", source: "hello", sourceHandle: "next", target: "menu" },
    { id: "e3", source: "menu", sourceHandle: "buy", target: "bought" },
    { id: "e4", source: "menu", sourceHandle: "help", target: "support" },
  ],
  variables: [],
};
const buyData = "menu:buy";

interface Target {
  name: string;
  url: URL;
  secret: string;
  fakeBot: FakeBot;
  server: ChildProcess;
  /** Botshop's database: its replies go through the outbox, which the bench watches drain. */
  outbox?: postgres.Sql;
}

interface PhaseResult {
  target: string;
  phase: string;
  /** Updates per second asked for (open loop only). */
  targetRate?: number;
  sent: number;
  ok: number;
  starts: number;
  buys: number;
  errors: Record<string, number>;
  /** Milliseconds from when the request was due (open loop) or sent (closed loop) to its 200. */
  latencies: number[];
  /** First request due → last answer. */
  elapsedMs: number;
  /** The Telegram calls the target made for this phase, by the time they were all made. */
  delivery?: Delivery;
  /**
   * CPU ms of the target's server processes (for Botshop, the sender's too) from the first
   * request until its replies were sent; undefined where /proc cannot be read.
   */
  serverCpuMs?: number;
  /** CPU ms of the PostgreSQL backends serving the bench database, except the bench's own. */
  dbCpuMs?: number;
}

interface Delivery {
  sendMessage: number;
  answerCallbackQuery: number;
  greatChoice: number;
  /** Botshop: outbox rows still pending when the last webhook call was answered. */
  pendingAtEnd?: number;
  /** Botshop: last webhook answer → outbox empty (undefined: not within the drain timeout). */
  drainMs?: number;
  /** Botshop: outbox row created (the update's transaction) → sent, percentiles in ms. */
  replyP50?: number;
  replyP99?: number;
  failed?: number;
}

const cleanups: (() => Promise<void>)[] = [];

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error(
      "bench/webhook: set DATABASE_URL to a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres);\n" +
        "the bench creates its own database there and drops it at the end.",
    );
    process.exitCode = 1;
    return;
  }
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.error("bench/webhook: no production build in .next; run `npx next build` first.");
    process.exitCode = 1;
    return;
  }

  const { dbUrl, pgVersion } = await createBenchDatabase(serverUrl, cleanups);
  printMachine(pgVersion, dbUrl);

  const fake = await startFakeTelegram();
  cleanups.push(() => fake.close());
  const appUrl = `http://127.0.0.1:${port}`;
  const serverEnv = {
    DATABASE_URL: dbUrl.toString(),
    APP_SECRET: appSecret,
    APP_URL: appUrl,
    PORT: String(port),
    TELEGRAM_API_ROOT: fake.apiRoot,
    LOG_LEVEL: "error",
    SEND_LIMIT_BOT_PER_SECOND: String(botSendLimit),
  };
  // This process seeds with the server's configuration: same APP_SECRET, so the same keys.
  setConfigForTests(parseConfig({ ...process.env, ...serverEnv }));
  const handle = await openDatabase({ kind: "postgres", url: dbUrl.toString(), maxConnections: 4 });
  cleanups.push(() => handle.close());
  // Named, so the CPU of the bench's own queries is not counted as the servers'.
  const sql = postgres(dbUrl.toString(), {
    max: 2,
    onnotice: () => {},
    connection: { application_name: benchApplicationName },
  });
  cleanups.push(() => sql.end({ timeout: 5 }));

  const shop = await seedShop(handle, fake);
  await createBaselineTables(sql);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-bench-webhook-"));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const next = await startNext({ ...serverEnv, DATA_DIR: dataDir });
  const baselineBot = fake.addBot({ username: "baseline_bot", first_name: "Baseline" });
  const baselineSecret = randomToken(32);
  const baseline = await startBaseline({
    token: baselineBot.token,
    secret: baselineSecret,
    apiRoot: fake.apiRoot,
    databaseUrl: dbUrl.toString(),
    port: baselinePort,
    botInfo: await new Api(baselineBot.token, { apiRoot: fake.apiRoot }).getMe(),
  });
  const targets: Target[] = [
    {
      name: "Botshop",
      url: new URL(`${appUrl}/api/telegram/${shop.botId}`),
      secret: shop.secret,
      fakeBot: shop.fakeBot,
      server: next,
      outbox: sql,
    },
    {
      name: "grammY by hand",
      url: new URL(`http://127.0.0.1:${baselinePort}/`),
      secret: baselineSecret,
      fakeBot: baselineBot,
      server: baseline,
    },
  ];

  // Both servers stay up and take turns, so a change in the machine's load between runs
  // touches both sides alike. Idle, each costs next to nothing (Botshop's sender polls twice
  // a second).
  for (const target of targets)
    await runPhase(target, fake, sql, "warm-up (not counted)", () =>
      closedLoop(target, "warm-up", Math.min(concurrency, 8), warmupSeconds),
    );
  const results: PhaseResult[] = [];
  for (let run = 1; run <= runs; run++) {
    for (const target of targets)
      results.push(
        await runPhase(target, fake, sql, `run ${run}, open loop at ${rate}/s`, () =>
          openLoop(target, rate, seconds),
        ),
      );
    for (const target of targets)
      results.push(
        await runPhase(target, fake, sql, `run ${run}, closed loop, ${concurrency} in flight`, () =>
          closedLoop(target, "closed loop", concurrency, seconds),
        ),
      );
  }
  await printBotshopState(sql);
  console.log(`load average after: ${loadAverage()}`);
  printResults(results);
}

/** One run against one target; for Botshop, until the sender has delivered its replies. */
async function runPhase(
  target: Target,
  fake: FakeTelegram,
  sql: postgres.Sql,
  label: string,
  load: () => Promise<PhaseResult>,
): Promise<PhaseResult> {
  await settle(sql);
  // The fake keeps every call; a long list only slows this process (its garbage collection).
  fake.reset();
  const firstRow = target.outbox ? await maxOutboxId(target.outbox) : 0;
  const backends = await databaseBackends(sql);
  const serverBefore = cpuTimes({ pgid: target.server.pid! });
  const dbBefore = cpuTimes({ pids: backends });
  const result = await load();
  const outbox = target.outbox
    ? await awaitOutbox(target.outbox, target.server, firstRow)
    : undefined;
  result.serverCpuMs = cpuDelta(serverBefore, cpuTimes({ pgid: target.server.pid! }));
  const backendsAfter = [...new Set([...backends, ...(await databaseBackends(sql))])];
  result.dbCpuMs = cpuDelta(dbBefore, cpuTimes({ pids: backendsAfter }));
  result.delivery = { ...countCalls(fake, target.fakeBot), ...outbox };
  console.log(`${target.name}, ${label}: ${summary(result)}`);
  return result;
}

const benchApplicationName = "botshop-bench";

/**
 * The PostgreSQL processes serving the bench database for anyone but the bench itself (both
 * servers' pools: the idle side's cost next to nothing). The baseline's and Botshop's pools keep
 * their connections, so one reading before and one after a phase cover its work.
 */
async function databaseBackends(sql: postgres.Sql): Promise<number[]> {
  const rows = await sql<{ pid: number }[]>`
    select pid from pg_stat_activity
    where datname = current_database() and application_name <> ${benchApplicationName}`;
  return rows.map((r) => r.pid);
}

/**
 * Botshop's runs leave thousands of dead rows and dirty pages behind; autovacuum and the
 * checkpointer would then work through the next run (the baseline's, measured right after, lost
 * its first seconds to that). Done here instead, before each run.
 */
async function settle(sql: postgres.Sql) {
  await sql`vacuum (analyze)`;
  try {
    await sql`checkpoint`;
  } catch {
    // Needs a superuser or pg_checkpoint; without it the vacuum alone must do.
  }
}

// --- load -----------------------------------------------------------------------------------

let nextUpdateId = 1;
let nextChatId = 100_000;

/** Buyers: /start first; Buy only once their /start was answered, as a person would press it. */
class Buyers {
  private ready: number[] = [];
  private readyAt = 0;

  constructor(private readonly fakeBot: FakeBot) {}

  next(): { chatId: number; kind: "start" | "buy"; body: string } {
    const update_id = nextUpdateId++;
    if (this.readyAt < this.ready.length) {
      const chatId = this.ready[this.readyAt++]!;
      return { chatId, kind: "buy", body: this.buy(chatId, update_id) };
    }
    const chatId = nextChatId++;
    return { chatId, kind: "start", body: this.start(chatId, update_id) };
  }

  started(chatId: number) {
    this.ready.push(chatId);
  }

  start(chatId: number, updateId = nextUpdateId++): string {
    return JSON.stringify({
      ...messageUpdate({
        chatId,
        text: "/start",
        from: { first_name: `Buyer${chatId}`, username: `buyer${chatId}` },
      }),
      update_id: updateId,
    });
  }

  buy(chatId: number, updateId = nextUpdateId++): string {
    return JSON.stringify({
      ...callbackUpdate({
        chatId,
        data: buyData,
        messageId: 2,
        bot: this.fakeBot,
        messageText: "What would you like?",
        from: { first_name: `Buyer${chatId}`, username: `buyer${chatId}` },
      }),
      update_id: updateId,
    });
  }
}

function newResult(target: Target, phase: string, targetRate?: number): PhaseResult {
  return {
    target: target.name,
    phase,
    targetRate,
    sent: 0,
    ok: 0,
    starts: 0,
    buys: 0,
    errors: {},
    latencies: [],
    elapsedMs: 0,
  };
}

function record(
  result: PhaseResult,
  kind: "start" | "buy",
  outcome: number | Error,
  latency: number,
): boolean {
  if (outcome === 200) {
    result.ok++;
    if (kind === "start") result.starts++;
    else result.buys++;
    result.latencies.push(latency);
    return true;
  }
  const key = outcome instanceof Error ? outcome.message : `HTTP ${outcome}`;
  result.errors[key] = (result.errors[key] ?? 0) + 1;
  return false;
}

/**
 * Sends `perSecond` updates a second for `duration` seconds whatever the answers, and measures
 * each from when it was due: waiting for a free connection counts (no coordinated omission).
 */
async function openLoop(target: Target, perSecond: number, duration: number) {
  const result = newResult(target, `open loop`, perSecond);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const buyers = new Buyers(target.fakeBot);
  const total = Math.round(perSecond * duration);
  const interval = 1000 / perSecond;
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  let lastAnswer = t0;
  while (result.sent < total) {
    const now = performance.now();
    while (result.sent < total && t0 + result.sent * interval <= now) {
      const due = t0 + result.sent * interval;
      const update = buyers.next();
      result.sent++;
      inFlight.push(
        post(agent, target, update.body).then(
          (status) => {
            lastAnswer = performance.now();
            if (record(result, update.kind, status, lastAnswer - due) && update.kind === "start")
              buyers.started(update.chatId);
          },
          (err: Error) => {
            lastAnswer = performance.now();
            record(result, update.kind, err, lastAnswer - due);
          },
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  result.elapsedMs = lastAnswer - t0;
  return result;
}

/** `workers` buyers at a time, each sending its next update as soon as the last is answered. */
async function closedLoop(target: Target, phase: string, workers: number, duration: number) {
  const result = newResult(target, phase);
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const buyers = new Buyers(target.fakeBot);
  const t0 = performance.now();
  const end = t0 + duration * 1000;
  const send = async (kind: "start" | "buy", body: string) => {
    const sentAt = performance.now();
    result.sent++;
    let outcome: number | Error;
    try {
      outcome = await post(agent, target, body);
    } catch (err) {
      outcome = err as Error;
    }
    return record(result, kind, outcome, performance.now() - sentAt);
  };
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const chatId = nextChatId++;
        if ((await send("start", buyers.start(chatId))) && performance.now() < end)
          await send("buy", buyers.buy(chatId));
      }
    }),
  );
  result.elapsedMs = performance.now() - t0;
  agent.destroy();
  return result;
}

function post(agent: http.Agent, target: Target, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      target.url,
      {
        method: "POST",
        agent,
        timeout: requestTimeoutMs,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-telegram-bot-api-secret-token": target.secret,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

// --- replies --------------------------------------------------------------------------------

function countCalls(fake: FakeTelegram, bot: FakeBot): Delivery {
  const out: Delivery = { sendMessage: 0, answerCallbackQuery: 0, greatChoice: 0 };
  for (const c of fake.calls) {
    if (c.token !== bot.token || c.status !== 200) continue;
    if (c.method === "sendMessage") {
      out.sendMessage++;
      if (c.params.text === "Great choice") out.greatChoice++;
    } else if (c.method === "answerCallbackQuery") out.answerCallbackQuery++;
  }
  return out;
}

async function maxOutboxId(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ id: string }[]>`select coalesce(max(id), 0)::text as id from outbox`;
  return Number(row?.id ?? 0);
}

/** Waits until the sender has done every row of the phase, then reads how long replies took. */
async function awaitOutbox(
  sql: postgres.Sql,
  server: ChildProcess,
  afterId: number,
): Promise<Partial<Delivery>> {
  const loadEnd = performance.now();
  const pending = async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from outbox where status = 'pending' and id > ${afterId}`;
    return row?.n ?? 0;
  };
  const pendingAtEnd = await pending();
  let drainMs: number | undefined;
  while (performance.now() - loadEnd < drainTimeoutMs && !exited(server)) {
    if ((await pending()) === 0) {
      drainMs = performance.now() - loadEnd;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const [stats] = await sql<{ p50: number | null; p99: number | null; failed: number }[]>`
    select
      percentile_cont(0.5) within group (order by extract(epoch from done_at - created_at))
        filter (where status = 'sent') * 1000 as p50,
      percentile_cont(0.99) within group (order by extract(epoch from done_at - created_at))
        filter (where status = 'sent') * 1000 as p99,
      count(*) filter (where status in ('failed', 'cancelled'))::int as failed
    from outbox where id > ${afterId} and kind = 'telegram'`;
  return {
    pendingAtEnd,
    drainMs,
    replyP50: stats?.p50 ?? undefined,
    replyP99: stats?.p99 ?? undefined,
    failed: stats?.failed ?? 0,
  };
}

async function printBotshopState(sql: postgres.Sql) {
  const [row] = await sql<{ contacts: number; events: number; rows: number; sent: number }[]>`
    select (select count(*) from contact)::int as contacts,
           (select count(*) from inbound_event)::int as events,
           (select count(*) from outbox)::int as rows,
           (select count(*) from outbox where status = 'sent')::int as sent`;
  if (row)
    console.log(
      `Botshop database: ${row.contacts} contacts, ${row.events} updates recorded, ` +
        `${row.rows} outbox rows (${row.sent} sent)`,
    );
}

// --- Botshop --------------------------------------------------------------------------------

async function seedShop(handle: DatabaseHandle, fake: FakeTelegram) {
  const shop = await createRuntimeShop(handle.db, fake);
  await shop.publish(shopFlow);
  return { botId: shop.botId, secret: shop.secret, fakeBot: shop.fakeBot };
}

async function startNext(env: Record<string, string>): Promise<ChildProcess> {
  const profile = args["server-profile"]
    ? ["--cpu-prof", `--cpu-prof-dir=${args["server-profile"]}`]
    : [];
  const child = spawn(
    process.execPath,
    [
      ...profile,
      path.join(root, "node_modules", "next", "dist", "bin", "next"),
      ...["start", "--hostname", "127.0.0.1", "--port", String(port)],
    ],
    {
      cwd: root,
      env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    },
  );
  cleanups.push(() => stopChild(child));
  watchExit(child, "next start");
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return child;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("next start did not become healthy within 120 s");
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Says so when a server dies during the bench (its requests then fail as errors). */
function watchExit(child: ChildProcess, name: string) {
  child.once("exit", (code, signal) => {
    if (!stopping.has(child))
      console.error(`bench/webhook: ${name} exited unexpectedly (${signal ?? `code ${code}`})`);
  });
}

const stopping = new WeakSet<ChildProcess>();

async function stopChild(child: ChildProcess) {
  if (exited(child) || child.pid === undefined) return;
  stopping.add(child);
  const gone = new Promise((r) => child.once("exit", r));
  // The whole group: `next start` may run the server in a child of its own.
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }, 10_000);
  await gone;
  clearTimeout(timer);
}

// --- the baseline ---------------------------------------------------------------------------

interface BaselineOptions {
  token: string;
  secret: string;
  apiRoot: string;
  databaseUrl: string;
  port: number;
  botInfo: UserFromGetMe;
}

async function createBaselineTables(sql: postgres.Sql) {
  await sql.unsafe(`
    create table baseline_update (
      update_id bigint primary key,
      received_at timestamptz not null default now()
    );
    create table baseline_contact (
      chat_id bigint primary key,
      first_name text not null,
      username text,
      language_code text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table baseline_session (
      chat_id bigint primary key references baseline_contact,
      state text not null,
      updated_at timestamptz not null default now()
    );`);
}

async function startBaseline(options: BaselineOptions): Promise<ChildProcess> {
  const profile = args["baseline-profile"]
    ? ["--cpu-prof", `--cpu-prof-dir=${args["baseline-profile"]}`]
    : [];
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    [...profile, "--conditions", "react-server", __filename, "--serve-baseline"],
    {
      cwd: root,
      env: { ...process.env, BENCH_BASELINE: JSON.stringify(options) },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    },
  );
  cleanups.push(() => stopChild(child));
  watchExit(child, "the baseline");
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the baseline did not start in 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the baseline exited with ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

/**
 * The same flow as a careful developer writes it by hand with grammY, doing the durable work
 * Botshop does for it: the secret header checked (webhookCallback's secretToken), then one
 * transaction per update — update_id recorded (a redelivery stops there and is acknowledged),
 * the contact upserted, the chat's session row upserted, which locks it (one chat's updates run
 * one after another, as Botshop's SELECT … FOR UPDATE does), and its new state written — then,
 * after the commit, the replies sent in order and the callback query answered before the
 * webhook is answered. It skips what Botshop adds on top: interpreting a stored flow, the
 * outbox rows (replies that survive a crash), the send-limit buckets and the journal. Like
 * Botshop it uses a pool of 10 connections (postgres.js).
 */
async function serveBaseline() {
  const options = JSON.parse(process.env.BENCH_BASELINE ?? "{}") as BaselineOptions;
  const sql = postgres(options.databaseUrl, { max: 10, onnotice: () => {} });
  const bot = new Bot(options.token, {
    botInfo: options.botInfo,
    client: { apiRoot: options.apiRoot },
  });
  const menu = new InlineKeyboard().text("Buy", "menu:buy").text("Help", "menu:help");

  bot.on(["message:text", "callback_query:data"], async (ctx) => {
    const from = ctx.from;
    const chatId = ctx.chat?.id ?? from.id;
    const text = ctx.message?.text;
    const data = ctx.callbackQuery?.data;
    const replies = await sql.begin(async (tx) => {
      const fresh = await tx`
        insert into baseline_update (update_id) values (${ctx.update.update_id})
        on conflict do nothing returning update_id`;
      if (!fresh.length) return undefined;
      await tx`
        insert into baseline_contact (chat_id, first_name, username, language_code)
        values (${from.id}, ${from.first_name}, ${from.username ?? null},
                ${from.language_code ?? null})
        on conflict (chat_id) do update set
          first_name = excluded.first_name, username = excluded.username,
          language_code = excluded.language_code, updated_at = now()`;
      const [session] = await tx<{ state: string }[]>`
        insert into baseline_session (chat_id, state) values (${chatId}, 'new')
        on conflict (chat_id) do update set updated_at = now()
        returning state`;
      let state = session?.state ?? "new";
      const out: string[] = [];
      if (text === "/start" || text?.startsWith("/start ")) {
        state = "menu";
        out.push("hello", "menu");
      } else if (state === "menu" && (data === "menu:buy" || data === "menu:help")) {
        state = data === "menu:buy" ? "bought" : "support";
        out.push(state);
      }
      if (state !== session?.state)
        await tx`update baseline_session set state = ${state} where chat_id = ${chatId}`;
      return out;
    });
    // A button press is always answered, also a stale one; a redelivery gets nothing twice.
    if (data !== undefined && replies) await ctx.answerCallbackQuery();
    for (const reply of replies ?? []) {
      if (reply === "hello") await ctx.reply(`Hi ${from.first_name}!`);
      else if (reply === "menu") await ctx.reply("What would you like?", { reply_markup: menu });
      else if (reply === "bought") await ctx.reply("Great choice");
      else await ctx.reply("Write to support@example.com");
    }
  });

  const handle = webhookCallback(bot, "http", { secretToken: options.secret });
  // A failed update (the database, a reply) is a 500, as in Botshop, and Telegram would retry.
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const cause = err instanceof BotError ? err.error : err;
      console.error(`baseline: ${cause instanceof Error ? cause.message : String(cause)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.listen(options.port, "127.0.0.1", () => console.log("baseline listening"));
  process.on("SIGTERM", () => {
    server.close();
    void sql.end({ timeout: 5 }).finally(() => process.exit(0));
  });
}

// --- output ---------------------------------------------------------------------------------

function printMachine(pgVersion: string, dbUrl: URL) {
  const cpus = os.cpus();
  console.log("bench/webhook");
  console.log(
    `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `database: PostgreSQL ${pgVersion} at ${dbUrl.host}, fresh database ${dbUrl.pathname.slice(1)}`,
  );
  console.log(
    `load: open loop at ${rate} updates/s over ≤ ${connections} keep-alive connections for ${seconds} s; ` +
      `closed loop with ${concurrency} in flight for ${seconds} s; ${warmupSeconds} s warm-up each`,
  );
  console.log(
    `load average before: ${loadAverage()} (a quiet machine shows well under its CPU count)`,
  );
  console.log(
    `Botshop: next start on 127.0.0.1:${port}, sender limit ${botSendLimit} messages/s per bot ` +
      `(SEND_LIMIT_BOT_PER_SECOND; Telegram allows about ${telegramBotLimit})`,
  );
}

function summary(r: PhaseResult): string {
  const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
  const d = r.delivery;
  // Each answered /start owes two messages; each answered Buy an answer and "Great choice".
  const complete =
    d &&
    d.sendMessage === 2 * r.starts + r.buys &&
    d.answerCallbackQuery === r.buys &&
    d.greatChoice === r.buys;
  const drained = d?.drainMs === undefined ? "" : `, outbox empty ${fmt(d.drainMs, 0)} ms later`;
  return (
    `${r.ok}/${r.sent} answered 200 (${r.starts} /start, ${r.buys} Buy) in ${fmt(r.elapsedMs / 1000, 1)} s` +
    `${drained}: ${fmt(achieved(r))}/s answered, ${fmt(delivered(r))}/s with replies sent; ` +
    `p50 ${fmt(percentile(r.latencies, 0.5), 1)} ms, p99 ${fmt(percentile(r.latencies, 0.99), 1)} ms` +
    (errors ? `; errors ${JSON.stringify(r.errors)}` : "") +
    (r.serverCpuMs === undefined
      ? ""
      : `; CPU per update: server ${fmt(serverCpu(r), 2)} ms, PostgreSQL ${fmt(dbCpu(r), 2)} ms`) +
    (d
      ? `; ${d.sendMessage} messages, ${d.answerCallbackQuery} callback answers` +
        (complete ? "" : " (SOME REPLIES MISSING)") +
        (d.replyP99 === undefined
          ? ""
          : `, update → reply sent p50 ${fmt(d.replyP50 ?? NaN)} ms, p99 ${fmt(d.replyP99)} ms`)
      : "")
  );
}

/** Median over the runs of one target and load. */
function medianOf(rs: PhaseResult[], f: (r: PhaseResult) => number): number {
  return median(rs.map(f));
}

function printResults(results: PhaseResult[]) {
  const names = [...new Set(results.map((r) => r.target))];
  const open = (name: string) => results.filter((r) => r.target === name && r.targetRate);
  const closed = (name: string) => results.filter((r) => r.target === name && !r.targetRate);
  const header = [
    `median of ${runs}`,
    `open ${rate}/s: answered/s`,
    "p50",
    "p99",
    "errors",
    `closed ${concurrency}: answered/s`,
    "with replies sent/s",
    "p50",
    "p99",
    "CPU ms/update: server",
    "PostgreSQL",
  ];
  const rows = names.map((name) => [
    name,
    fmt(medianOf(open(name), achieved)),
    `${fmt(
      medianOf(open(name), (r) => percentile(r.latencies, 0.5)),
      1,
    )} ms`,
    `${fmt(
      medianOf(open(name), (r) => percentile(r.latencies, 0.99)),
      1,
    )} ms`,
    String(medianOf(open(name), (r) => r.sent - r.ok)),
    fmt(medianOf(closed(name), achieved)),
    fmt(medianOf(closed(name), delivered)),
    `${fmt(
      medianOf(closed(name), (r) => percentile(r.latencies, 0.5)),
      1,
    )} ms`,
    `${fmt(
      medianOf(closed(name), (r) => percentile(r.latencies, 0.99)),
      1,
    )} ms`,
    fmt(medianOf(closed(name), serverCpu), 2),
    fmt(medianOf(closed(name), dbCpu), 2),
  ]);
  console.log();
  printTable(header, rows);

  const [botshop, baseline] = names;
  if (!botshop || !baseline) return;
  const p99 = medianOf(open(botshop), (r) => percentile(r.latencies, 0.99));
  const kept = open(botshop).every((r) => achieved(r) >= 0.98 * rate && r.ok === r.sent);
  console.log();
  console.log(
    `goal: p99 under 50 ms at 500 updates/s — Botshop p99 ${fmt(p99, 1)} ms at ${rate}/s` +
      (kept ? "" : " (the rate was not kept or requests failed)") +
      `: ${p99 < 50 && kept && rate >= 500 ? "met" : "not met"}`,
  );
  for (const [label, f] of [
    ["webhook answered", achieved],
    ["with replies sent", delivered],
  ] as const) {
    const ours = medianOf(closed(botshop), f);
    const theirs = medianOf(closed(baseline), f);
    console.log(
      `goal: throughput at least 0.8× the baseline (${label}) — ${fmt(ours)}/s vs ${fmt(theirs)}/s` +
        ` = ${fmt(ours / theirs, 2)}×: ${ours / theirs >= 0.8 ? "met" : "not met"}`,
    );
  }
  // Throughput on a shared machine moves with everyone else's load; CPU per update much less.
  const cpu = (name: string, f: (r: PhaseResult) => number) =>
    medianOf([...open(name), ...closed(name)], f);
  console.log(
    `CPU per update (median of all runs, open and closed loop), server: Botshop ` +
      `${fmt(cpu(botshop, serverCpu), 2)} ms, baseline ${fmt(cpu(baseline, serverCpu), 2)} ms ` +
      `(${fmt(cpu(botshop, serverCpu) / cpu(baseline, serverCpu), 2)}×); PostgreSQL: Botshop ` +
      `${fmt(cpu(botshop, dbCpu), 2)} ms, baseline ${fmt(cpu(baseline, dbCpu), 2)} ms`,
  );
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const r of rows) console.log(line(r));
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
}

/** CPU ms of the target's server per update answered (its replies' sending included). */
function serverCpu(r: PhaseResult): number {
  return r.serverCpuMs === undefined || !r.ok ? NaN : r.serverCpuMs / r.ok;
}

/** CPU ms of the PostgreSQL backends per update answered. */
function dbCpu(r: PhaseResult): number {
  return r.dbCpuMs === undefined || !r.ok ? NaN : r.dbCpuMs / r.ok;
}

/** Updates answered 200 per second, first due → last answer. */
function achieved(r: PhaseResult): number {
  return r.elapsedMs > 0 ? r.ok / (r.elapsedMs / 1000) : 0;
}

/**
 * Updates per second until their replies were sent too: the baseline replies before it
 * answers; Botshop's replies leave through the outbox, so its time runs until that is empty.
 */
function delivered(r: PhaseResult): number {
  const drainMs = r.delivery?.drainMs ?? (r.delivery?.pendingAtEnd === undefined ? 0 : NaN);
  return r.ok / ((r.elapsedMs + drainMs) / 1000);
}

async function cleanUp() {
  // Last registered first: servers before the fake and the database they use.
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error(`bench/webhook: cleanup failed: ${(err as Error).message}`);
    }
  }
}

if (args["serve-baseline"] !== undefined) {
  serveBaseline().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      interrupted = true;
      void cleanUp().finally(() => process.exit(130));
    });
  main()
    .catch((err) => {
      // Interrupted: the run's queries fail as the cleanup closes their connections.
      if (!interrupted) console.error(err);
      process.exitCode = 1;
    })
    .finally(cleanUp);
}
