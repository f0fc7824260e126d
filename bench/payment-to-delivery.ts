/*
 * Payment to delivery on PostgreSQL: from Telegram's successful_payment reaching the webhook to
 * the message with the goods reaching Telegram, through the production server.
 *
 *   npx next build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     npm run bench:delivery -- [--samples 100] [--concurrency 8] [--warmup 10] [--port 3840]
 *
 * Prints figures; asserts nothing (docs/performance.md, "Payment to delivery"). Creates a fresh
 * database on the server named by DATABASE_URL (dropped at the end), runs the fake Telegram Bot
 * API in a child process of its own (this same file with --serve-telegram), seeds a shop whose
 * bot runs /start → Stars invoice → deliver a text secret → "Enjoy" (test/payments.ts
 * `deliveryFlow`), and starts `next start` on it, whose in-process sender does the work.
 *
 * Each sample is a buyer already at the invoice (their own chat; /start sent and the invoice
 * received before the clock starts). The bench POSTs the successful_payment update to the
 * webhook and the clock stops when the fake Telegram has read the sendMessage carrying the
 * secret for that chat (the fake reports each call on its stdout with its own timestamp, taken
 * from the same wall clock). Sequential: one payment at a time. Concurrent: `--concurrency`
 * buyers paying at once, each starting its next payment as soon as its last one was delivered.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseConfig, setConfigForTests } from "@/lib/config/env";
import { encryptSecret, randomToken } from "@/lib/crypto/secrets";
import { openDatabase, type Db } from "@/lib/db/client";
import { bots, products } from "@/lib/db/schema";
import { createFlow } from "@/lib/flows/flows";
import { getDraft, saveDraft } from "@/lib/flows/draft";
import { publishFlow } from "@/lib/flows/publish";
import {
  messageUpdate,
  startFakeTelegram,
  successfulPaymentUpdate,
  type PushableUpdate,
} from "@/test/fakes/telegram";
import { createTestAccount } from "@/test/http";
import { deliveryFlow } from "@/test/payments";
import { createBenchDatabase, fmt, parseArgs, percentile } from "./figures";

const args = parseArgs(process.argv.slice(2));
const samples = Number(args.samples ?? 100);
const concurrency = Number(args.concurrency ?? 8);
const warmup = Number(args.warmup ?? 10);
const port = Number(args.port ?? 3840);
const telegramPort = Number(args["telegram-port"] ?? port + 1);
/** As in bench/webhook.ts: Telegram's 30 messages/s per bot would measure the limit, not us. */
const botSendLimit = Number(args["bot-send-limit"] ?? 100_000);
const secret = "BENCH-SECRET-7f3a";
const root = path.resolve(__dirname, "..");
const goal = 300;

const now = () => performance.timeOrigin + performance.now();

// --- the fake Telegram, in its own process -------------------------------------------------

/** What the fake's process reports on stdout, one JSON line per interesting call. */
type Report =
  | { kind: "invoice"; chat: number; payload: string; amount: number; at: number }
  | { kind: "goods"; chat: number; at: number };

async function serveTelegram() {
  const fake = await startFakeTelegram({
    port: telegramPort,
    acceptAnyToken: true,
    onCall(call) {
      const chat = Number(call.params.chat_id);
      let report: Report | undefined;
      if (call.method === "sendInvoice")
        report = {
          kind: "invoice",
          chat,
          payload: String(call.params.payload),
          amount: Number((call.params.prices as { amount: number }[] | undefined)?.[0]?.amount),
          at: now(),
        };
      else if (call.method === "sendMessage" && String(call.params.text).includes(secret))
        report = { kind: "goods", chat, at: now() };
      if (report) process.stdout.write(`${JSON.stringify(report)}\n`);
      // Keeping every call would only grow this process's heap over a long run.
      fake.calls.length = 0;
    },
  });
  process.stdout.write(`listening ${fake.apiRoot}\n`);
  process.on("SIGTERM", () => void fake.close().finally(() => process.exit(0)));
}

class TelegramProcess {
  private readonly waiting = new Map<string, (report: Report) => void>();
  apiRoot = "";
  constructor(readonly child: ChildProcess) {}

  static async start(): Promise<TelegramProcess> {
    const child = spawn(
      path.join(root, "node_modules", ".bin", "tsx"),
      [
        "--conditions",
        "react-server",
        __filename,
        "--serve-telegram",
        "--telegram-port",
        String(telegramPort),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"], detached: true },
    );
    cleanups.push(() => stopChild(child));
    const fake = new TelegramProcess(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the fake Telegram did not start")), 60_000);
      child.once("exit", (code) => reject(new Error(`the fake Telegram exited with ${code}`)));
      readline.createInterface({ input: child.stdout! }).on("line", (line) => {
        if (line.startsWith("listening ")) {
          fake.apiRoot = line.slice("listening ".length);
          clearTimeout(timer);
          resolve();
          return;
        }
        const report = JSON.parse(line) as Report;
        fake.waiting.get(`${report.kind}:${report.chat}`)?.(report);
      });
    });
    return fake;
  }

  /** The next report of this kind for the chat (register before causing it). */
  next<K extends Report["kind"]>(kind: K, chat: number): Promise<Extract<Report, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const key = `${kind}:${chat}`;
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`no ${kind} for chat ${chat} within 30 s`));
      }, 30_000);
      this.waiting.set(key, (report) => {
        clearTimeout(timer);
        this.waiting.delete(key);
        resolve(report as Extract<Report, { kind: K }>);
      });
    });
  }
}

// --- the bench ------------------------------------------------------------------------------

const cleanups: (() => Promise<void>)[] = [];
let updateId = 1;
let nextChat = 500_000;

interface Shop {
  botId: string;
  webhookSecret: string;
}

interface Buyer {
  chat: number;
  orderId: string;
  amount: number;
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error(
      "bench/payment-to-delivery: set DATABASE_URL to a PostgreSQL server; the bench creates its own database there and drops it at the end.",
    );
    process.exitCode = 1;
    return;
  }
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.error(
      "bench/payment-to-delivery: no production build in .next; run `npx next build` first.",
    );
    process.exitCode = 1;
    return;
  }
  const { dbUrl, pgVersion } = await createBenchDatabase(serverUrl, cleanups);

  const telegram = await TelegramProcess.start();
  const appUrl = `http://127.0.0.1:${port}`;
  const serverEnv = {
    DATABASE_URL: dbUrl.toString(),
    APP_SECRET: randomToken(32),
    APP_URL: appUrl,
    PORT: String(port),
    TELEGRAM_API_ROOT: telegram.apiRoot,
    LOG_LEVEL: "error",
    SEND_LIMIT_BOT_PER_SECOND: String(botSendLimit),
  };
  // Seeded with the server's configuration: the same APP_SECRET, so the same keys.
  setConfigForTests(parseConfig({ ...process.env, ...serverEnv }));
  const handle = await openDatabase({ kind: "postgres", url: dbUrl.toString(), maxConnections: 2 });
  cleanups.push(() => handle.close());
  const shop = await seedShop(handle.db);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-bench-delivery-"));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  await startNext({ ...serverEnv, DATA_DIR: dataDir });

  printMachine(pgVersion, dbUrl);
  const webhook = (update: PushableUpdate) => post(shop, update);

  /** A new buyer at the invoice: /start, then the invoice has reached Telegram. */
  async function atInvoice(): Promise<Buyer> {
    const chat = nextChat++;
    const invoice = telegram.next("invoice", chat);
    await webhook(messageUpdate({ chatId: chat, text: "/start" }));
    const { payload, amount } = await invoice;
    return { chat, orderId: payload, amount };
  }

  async function pay(buyer: Buyer): Promise<number> {
    const goods = telegram.next("goods", buyer.chat);
    const started = now();
    await webhook(
      successfulPaymentUpdate({
        chatId: buyer.chat,
        currency: "XTR",
        totalAmount: buyer.amount,
        payload: buyer.orderId,
        telegramPaymentChargeId: `stxbench${buyer.orderId}`,
      }),
    );
    return (await goods).at - started;
  }

  const prepare = async (n: number) => {
    const buyers: Buyer[] = [];
    for (let i = 0; i < n; i++) buyers.push(await atInvoice());
    return buyers;
  };

  for (const buyer of await prepare(warmup)) await pay(buyer);

  const results: { label: string; ms: number[]; load: string; wallMs: number }[] = [];
  {
    const buyers = await prepare(samples);
    const load = loadAverage();
    const start = now();
    const ms: number[] = [];
    for (const buyer of buyers) ms.push(await pay(buyer));
    results.push({ label: "sequential", ms, load, wallMs: now() - start });
    console.log(line("sequential", ms, load));
  }
  {
    const buyers = await prepare(samples);
    const load = loadAverage();
    const start = now();
    const ms: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < buyers.length) ms.push(await pay(buyers[next++]!));
      }),
    );
    const label = `concurrent (${concurrency} at once)`;
    results.push({ label, ms, load, wallMs: now() - start });
    console.log(line(label, ms, load));
  }
  console.log(`load average after: ${loadAverage()}`);
  console.log();
  console.log("| variant | samples | p50 | p99 | max | payments/s | load average before |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of results)
    console.log(
      `| ${r.label} | ${r.ms.length} | ${fmt(percentile(r.ms, 0.5), 1)} ms | ` +
        `${fmt(percentile(r.ms, 0.99), 1)} ms | ${fmt(Math.max(...r.ms), 1)} ms | ` +
        `${fmt(r.ms.length / (r.wallMs / 1000), 1)} | ${r.load} |`,
    );
  const p99 = percentile(results[0]!.ms, 0.99);
  console.log();
  console.log(
    `goal: p99 under ${goal} ms (sequential) — ${fmt(p99, 1)} ms: ${p99 < goal ? "met" : "not met"}`,
  );
}

function line(label: string, ms: number[], load: string): string {
  return (
    `${label}: ${ms.length} payments, p50 ${fmt(percentile(ms, 0.5), 1)} ms, ` +
    `p99 ${fmt(percentile(ms, 0.99), 1)} ms, max ${fmt(Math.max(...ms), 1)} ms (load average before: ${load})`
  );
}

async function post(shop: Shop, update: PushableUpdate) {
  const res = await fetch(`http://127.0.0.1:${port}/api/telegram/${shop.botId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-telegram-bot-api-secret-token": shop.webhookSecret,
    },
    body: JSON.stringify({ ...update, update_id: updateId++ }),
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

/** A workspace, its bot (a made-up token the fake accepts), a Stars product and the flow. */
async function seedShop(db: Db): Promise<Shop> {
  const owner = await createTestAccount(db);
  const webhookSecret = randomToken(32);
  const botUserId = 7_000_000_001;
  const [bot] = await db
    .insert(bots)
    .values({
      workspaceId: owner.workspaceId,
      name: "Bench bot",
      tokenEncrypted: encryptSecret(`${botUserId}:AAbenchbenchbenchbenchbenchbenchbe`),
      webhookSecretEncrypted: encryptSecret(webhookSecret),
      telegramMe: { id: botUserId, username: "bench_shop_bot", first_name: "Bench" },
    })
    .returning({ id: bots.id });
  const [product] = await db
    .insert(products)
    .values({
      workspaceId: owner.workspaceId,
      title: "Recipe book",
      priceMinor: 50,
      currency: "XTR",
      kind: "text",
      delivery: { secret },
    })
    .returning({ id: products.id });
  const actor = { type: "system" } as const;
  const workspaceId = owner.workspaceId;
  const flow = await createFlow(db, { workspaceId, botId: bot!.id, name: "Shop", actor });
  const { revision } = await getDraft(db, workspaceId, flow.id);
  await saveDraft(db, {
    workspaceId,
    flowId: flow.id,
    baseRevision: revision,
    document: deliveryFlow(product!.id),
    actor,
  });
  await publishFlow(db, { workspaceId, flowId: flow.id, actor });
  return { botId: bot!.id, webhookSecret };
}

async function startNext(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [
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
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("next start did not become healthy within 120 s");
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
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

function printMachine(pgVersion: string, dbUrl: URL) {
  const cpus = os.cpus();
  console.log("bench/payment-to-delivery");
  console.log(
    `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `database: PostgreSQL ${pgVersion} at ${dbUrl.host}, fresh database ${dbUrl.pathname.slice(1)}`,
  );
  console.log(
    `server: next start on 127.0.0.1:${port} (production build, its own sender); fake Telegram in its own process; ` +
      `sender limit ${botSendLimit} messages/s per bot`,
  );
  console.log(
    `samples: ${warmup} warm-up, then ${samples} sequential and ${samples} with ${concurrency} at once`,
  );
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
}

async function cleanUp() {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error(`bench/payment-to-delivery: cleanup failed: ${(err as Error).message}`);
    }
  }
}

if (args["serve-telegram"] !== undefined) {
  serveTelegram().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  main()
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(cleanUp);
}
