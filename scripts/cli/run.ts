import { ApiError } from "@/lib/api/errors";
import { ConfigError } from "@/lib/config/env";
import { DatabaseLockedError } from "@/lib/db/client";
import { commandHelp, parseFlags, UsageError, type CliContext, type Command } from "./command";
import { createApiKey } from "./commands/create-api-key";
import { createUser } from "./commands/create-user";
import { migrate } from "./commands/migrate";
import { seedDemo } from "./commands/seed-demo";

export const commands: Command[] = [createUser, createApiKey, migrate, seedDemo];

export function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Botshop operator CLI",
    "",
    "Usage: npm run cli -- <command> [flags]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `npm run cli -- <command> --help` for a command's flags.",
    "The CLI uses the server's configuration: DATABASE_URL if set, otherwise the embedded",
    "database in DATA_DIR (default ./.data), which only one process may open at a time.",
  ].join("\n");
}

/** Runs one CLI invocation and returns the exit code: 0 done, 1 failed, 2 called wrongly. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    (name ? ctx.out : ctx.err)(generalHelp());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    ctx.err(`Unknown command "${name}".\n\n${generalHelp()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    ctx.out(commandHelp(command));
    return 0;
  }
  try {
    await command.run(parseFlags(command, rest), ctx);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.err(`${err.message}\n\nRun \`npm run cli -- ${command.name} --help\` for usage.`);
      return 2;
    }
    ctx.err(describeFailure(err, ctx));
    return 1;
  }
}

function describeFailure(err: unknown, ctx: CliContext): string {
  if (err instanceof DatabaseLockedError) {
    return (
      "Cannot open the database: another process holds it.\n" +
      `${err.message}\n\n` +
      "That is usually the Botshop server itself. The CLI opens the embedded database directly,\n" +
      "so stop the server (Ctrl+C in its terminal), run this command, then start the server again.\n" +
      "With DATABASE_URL (PostgreSQL) the CLI can run while servers are up."
    );
  }
  if (err instanceof ConfigError) return err.message;
  if (err instanceof ApiError) return `Error: ${err.message}`;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH"].includes(code)) {
    return `Cannot reach the database (${ctx.describeDatabase()}): ${(err as Error).message}`;
  }
  if (err instanceof Error) {
    return process.env.LOG_LEVEL === "debug" ? (err.stack ?? err.message) : `Error: ${err.message}`;
  }
  return `Error: ${String(err)}`;
}
