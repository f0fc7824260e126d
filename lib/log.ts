import "server-only";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const l = process.env.LOG_LEVEL as Level | undefined;
  return order[l ?? "info"] ?? order.info;
}

function serialise(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] =
      v instanceof Error ? { name: v.name, message: v.message, stack: v.stack, cause: v.cause } : v;
  }
  return out;
}

function write(level: Level, fields: Record<string, unknown>, msg: string): void {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...serialise(fields) });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

/** Structured JSON logs, one line per event. */
export const logger = {
  debug: (fields: Record<string, unknown>, msg: string) => write("debug", fields, msg),
  info: (fields: Record<string, unknown>, msg: string) => write("info", fields, msg),
  warn: (fields: Record<string, unknown>, msg: string) => write("warn", fields, msg),
  error: (fields: Record<string, unknown>, msg: string) => write("error", fields, msg),
};
