// The server for the e2e tier (started by playwright.config.ts) and the bench: `next start` on
// a fresh embedded database in a temporary DATA_DIR, deleted again when the server stops, and
// a fake Telegram Bot API (test/fakes/telegram.ts, loaded through tsx) that the app calls
// instead of api.telegram.org. The fake takes any well-formed token as a bot's, so specs add
// bots with made-up tokens, except tokens whose secret part starts with "AAunknown", which it
// refuses like a token Telegram does not know.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tsImport } from "tsx/esm/api";

const UNKNOWN_TOKEN_MARK = ":AAunknown";

const port = process.env.E2E_PORT ?? "3211";

if (!fs.existsSync(path.join(".next", "BUILD_ID"))) {
  console.error("e2e-server: no production build in .next; run `npm run build` first.");
  process.exit(1);
}

const { startFakeTelegram } = await tsImport("../test/fakes/telegram.ts", import.meta.url);
// On a known port with its control calls on: e2e/inbox.spec.ts plays the buyer through it.
const telegram = await startFakeTelegram({
  acceptAnyToken: (token) => !token.includes(UNKNOWN_TOKEN_MARK),
  port: Number(process.env.E2E_TELEGRAM_PORT ?? Number(port) + 1),
  control: true,
});

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-e2e-"));
const env = {
  ...process.env,
  PORT: port,
  // Webhooks are registered for this URL (the fake takes plain HTTP; Telegram would not).
  APP_URL: `http://127.0.0.1:${port}`,
  TELEGRAM_API_ROOT: telegram.apiRoot,
  DATA_DIR: dataDir,
  // Empty means unset: always the embedded database and a secret generated in DATA_DIR.
  DATABASE_URL: "",
  APP_SECRET: "",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  // Every spec signs up its own owner, all from 127.0.0.1.
  SIGNUP_LIMIT_PER_HOUR: "1000",
  // e2e/outreach.spec.ts runs its webhook receiver on 127.0.0.1.
  WEBHOOKS_ALLOW_PRIVATE: "1",
  // Alert checks often enough for e2e/alerts.spec.ts to see an incident open.
  ALERTS_CHECK_SECONDS: process.env.ALERTS_CHECK_SECONDS ?? "10",
};

// Orders cannot be made through the API: write a shop with orders (e2e/orders.spec.ts signs in
// to it) and one with known analytics figures (e2e/analytics.spec.ts) into the fresh database
// before `next start` owns it; PGlite allows one process.
const seed = spawnSync(
  path.join("node_modules", ".bin", "tsx"),
  ["--conditions", "react-server", path.join("e2e", "fixtures", "seed.ts")],
  { env, stdio: ["ignore", "ignore", "inherit"] },
);
if (seed.status !== 0) {
  console.error("e2e-server: e2e/fixtures/seed.ts failed");
  fs.rmSync(dataDir, { recursive: true, force: true });
  await telegram.close();
  process.exit(1);
}

console.log(
  `e2e-server: next start on 127.0.0.1:${port}, DATA_DIR ${dataDir}, fake Telegram at ${telegram.apiRoot}`,
);
const next = spawn(
  path.join("node_modules", ".bin", "next"),
  ["start", "--hostname", "127.0.0.1", "--port", port],
  { env, stdio: "inherit" },
);

// Playwright stops the web server with SIGTERM (gracefulShutdown); pass it on and clean up
// once Next has exited, so PGlite is closed before its files go.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => next.kill(signal));
}
next.on("exit", (code, signal) => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  void telegram.close().finally(() => process.exit(code ?? (signal ? 1 : 0)));
});
