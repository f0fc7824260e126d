// The server for the e2e tier (started by playwright.config.ts): `next start` on a fresh
// embedded database in a temporary DATA_DIR, deleted again when the server stops.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3211";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-e2e-"));
const env = {
  ...process.env,
  PORT: port,
  APP_URL: `http://127.0.0.1:${port}`,
  DATA_DIR: dataDir,
  // Empty means unset: always the embedded database and a secret generated in DATA_DIR.
  DATABASE_URL: "",
  APP_SECRET: "",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};

if (!fs.existsSync(path.join(".next", "BUILD_ID"))) {
  console.error("e2e-server: no production build in .next; run `npm run build` first.");
  process.exit(1);
}

console.log(`e2e-server: next start on 127.0.0.1:${port}, DATA_DIR ${dataDir}`);
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
  process.exit(code ?? (signal ? 1 : 0));
});
