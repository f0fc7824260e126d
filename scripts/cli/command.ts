import { parseArgs } from "node:util";
import { z } from "zod";
import type { Db } from "@/lib/db";

/** What a command may touch: the database (opened on first use) and two output streams. */
export interface CliContext {
  db(): Promise<Db>;
  /** Where the database lives, for messages ("embedded database in /srv/botshop/.data"). */
  describeDatabase(): string;
  out(line: string): void;
  err(line: string): void;
}

export interface Flag {
  name: string;
  /** Shown in --help after the flag, e.g. `<email>`. Boolean flags have none. */
  value?: string;
  description: string;
  boolean?: boolean;
}

export interface Command<S extends z.ZodType = z.ZodType> {
  name: string;
  summary: string;
  /** Extra paragraphs for `<command> --help`. */
  details?: string;
  flags: Flag[];
  /** Validates the parsed flags; its keys are the flag names. */
  schema: S;
  run(input: z.infer<S>, ctx: CliContext): Promise<void>;
}

export function defineCommand<S extends z.ZodType>(command: Command<S>): Command<S> {
  return command;
}

/** A mistake in how the command was called: print it with the usage and exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export function commandHelp(command: Command): string {
  const width = Math.max(...command.flags.map((f) => flagLabel(f).length), "--help".length);
  const lines = [
    `Usage: npm run cli -- ${command.name}${command.flags.length ? " [flags]" : ""}`,
    "",
    command.summary,
  ];
  if (command.details) lines.push("", command.details);
  lines.push("", "Flags:");
  for (const f of command.flags) lines.push(`  ${flagLabel(f).padEnd(width)}  ${f.description}`);
  lines.push(`  ${"--help".padEnd(width)}  Show this help`);
  return lines.join("\n");
}

function flagLabel(f: Flag): string {
  return f.boolean ? `--${f.name}` : `--${f.name} ${f.value ?? "<value>"}`;
}

/** Parses `--flag value` pairs strictly (unknown flags and stray words are errors), then zod. */
export function parseFlags<S extends z.ZodType>(command: Command<S>, argv: string[]): z.infer<S> {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const f of command.flags) options[f.name] = { type: f.boolean ? "boolean" : "string" };
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message, command as Command);
  }
  const parsed = command.schema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const flag = i.path.length ? `--${i.path.map(String).join(".")}` : "flags";
      return i.code === "invalid_type" && i.input === undefined
        ? `${flag} is required`
        : `${flag}: ${i.message}`;
    });
    throw new UsageError(problems.join("\n"), command as Command);
  }
  return parsed.data;
}
