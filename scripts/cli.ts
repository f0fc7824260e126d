/**
 * The operator CLI: `npm run cli -- <command>`. See `npm run cli -- --help`.
 *
 * lib/ modules are marked `import "server-only"`, which throws unless the `react-server`
 * export condition is active; the npm script runs tsx with `--conditions react-server`.
 */
import { loadEnvConfig } from "@next/env";
import { config } from "@/lib/config/env";
import { databaseHandle } from "@/lib/db";
import type { DatabaseHandle } from "@/lib/db/client";
import type { CliContext } from "./cli/command";
import { runCli } from "./cli/run";

function describeDatabase(): string {
  const c = config();
  if (!c.DATABASE_URL) return `embedded database in ${c.DATA_DIR}`;
  const url = new URL(c.DATABASE_URL);
  if (url.password) url.password = "***";
  return `PostgreSQL at ${url.toString()}`;
}

async function main(): Promise<void> {
  // The same .env files `next start` reads, so the CLI and the server see one configuration.
  loadEnvConfig(process.cwd(), false, { info: () => {}, error: (...a) => console.error(...a) });
  let handle: Promise<DatabaseHandle> | undefined;
  const ctx: CliContext = {
    db: async () => {
      handle ??= databaseHandle();
      return (await handle).db;
    },
    describeDatabase,
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
  };
  const code = await runCli(process.argv.slice(2), ctx);
  // Closing releases the embedded database's lock file before the process exits.
  await handle?.then((h) => h.close()).catch(() => {});
  process.exitCode = code;
}

void main();
