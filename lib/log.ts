import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";

/*
 * Structured JSON logs (pino), one object per line, on stdout (warnings and errors on stderr):
 * `level`, `time`, `pid`, `hostname`, the caller's fields, `msg`, and `requestId` on every line
 * written while an API request is being handled (runWithRequestId, called by the route
 * wrappers in lib/api). Call shape: `logger.info({ botId }, "what happened")`; errors go
 * under `err`.
 */

const levels = ["debug", "info", "warn", "error"] as const;
type Level = (typeof levels)[number];
const isLevel = (l: string | undefined): l is Level => levels.some((level) => level === l);

/** LOG_LEVEL is read here, not from config(): logging must work before the config is valid. */
const levelFromEnv = (): Level => {
  const l = process.env.LOG_LEVEL;
  return isLevel(l) ? l : "info";
};

interface RequestContext {
  requestId: string;
}

/**
 * Shared through globalThis: Next.js bundles a module once per entry (instrumentation, each
 * route) and dev reloads it, but there is one process and one set of requests to tag.
 */
const g = globalThis as unknown as {
  __botshopLog?: {
    requests: AsyncLocalStorage<RequestContext>;
    out: DestinationStream;
    err: DestinationStream;
  };
};
const state = (g.__botshopLog ??= {
  requests: new AsyncLocalStorage<RequestContext>(),
  out: pino.destination({ dest: 1, sync: true }),
  err: pino.destination({ dest: 2, sync: true }),
});

/** From warn up, lines go to stderr. */
const WARN = pino.levels.values.warn!;

/** Runs `fn` as part of a request: every line logged inside it carries the request's id. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return state.requests.run({ requestId }, fn);
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return state.requests.getStore()?.requestId;
}

/**
 * An error as it goes into a log line: type, message, stack and code, its causes likewise —
 * and nothing else. pino's own serialiser copies every property, and grammY's HttpError holds
 * the failed request, whose URL contains the bot token.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  const out: Record<string, unknown> = {
    type: value.name,
    message: withoutBotTokens(value.message),
    stack: value.stack && withoutBotTokens(value.stack),
  };
  const code = "code" in value ? value.code : undefined;
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (value.cause !== undefined && depth < 4) out.cause = serializeError(value.cause, depth + 1);
  return out;
}

const withoutBotTokens = (text: string) => text.replace(/bot\d+:[\w-]+/g, "bot<token>");

/**
 * Where lines go, looked up per line so a test can capture what the app logs. pino sets
 * lastLevel before each write on a stream that asks for that metadata.
 */
const lines = {
  [Symbol.for("pino.metadata")]: true,
  lastLevel: 0,
  write(line: string) {
    (this.lastLevel >= WARN ? state.err : state.out).write(line);
  },
};

export const logger: Logger = pino(
  {
    level: levelFromEnv(),
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError, error: serializeError, cause: serializeError },
    mixin: () => {
      // A fresh object each time: pino merges the line's fields into it.
      const requestId = state.requests.getStore()?.requestId;
      return requestId ? { requestId } : {};
    },
  },
  lines,
);

/**
 * Sends every log line to `stream` (warnings and errors to `errors`, when given), logging from
 * `level` up, until the returned function is called. For tests.
 */
export function captureLogsForTests(
  stream: DestinationStream,
  level?: Level,
  errors: DestinationStream = stream,
): () => void {
  const previous = { out: state.out, err: state.err, level: logger.level };
  state.out = stream;
  state.err = errors;
  if (level) logger.level = level;
  return () => {
    state.out = previous.out;
    state.err = previous.err;
    logger.level = previous.level;
  };
}
