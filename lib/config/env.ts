import "server-only";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

/**
 * Runtime configuration, parsed once from the environment (DESIGN.md, Configuration).
 * A missing or malformed setting stops start-up with a message naming it.
 */
const urlSetting = z.url({ protocol: /^https?$/ });

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: urlSetting.optional(),
  APP_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  TELEGRAM_API_ROOT: urlSetting.default("https://api.telegram.org"),
  STRIPE_API_BASE: urlSetting.optional(),
  YOOKASSA_API_URL: urlSetting.default("https://api.yookassa.ru/v3"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Bearer token for GET /api/metrics; unset, the endpoint is off (docs/monitoring.md). */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Telegram's send limits (lib/jobs/limits.ts); raise the bot's only with paid broadcasts. */
  /** Sign-ups (new workspaces) one IP address may make per hour. */
  SIGNUP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(10),
  SEND_LIMIT_BOT_PER_SECOND: z.coerce.number().positive().default(30),
  SEND_LIMIT_CHAT_PER_SECOND: z.coerce.number().positive().default(1),
  SEND_LIMIT_CHAT_BURST: z.coerce.number().min(1).default(3),
  SEND_LIMIT_GROUP_PER_MINUTE: z.coerce.number().positive().default(20),
  /** How long an ERP event waits for its customer to link a chat (docs/1c-integration.md). */
  EVENT_UNLINKED_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(168),
  /** The largest file an owner may upload for delivery (docs/files.md). */
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(51_200).default(2048),
  /** S3-compatible storage for delivered files; without S3_BUCKET files stay in DATA_DIR/files. */
  S3_BUCKET: z.string().min(3).max(255).optional(),
  /** Empty: AWS itself; set it for MinIO, Cloudflare R2, Yandex Object Storage, … */
  S3_ENDPOINT: urlSetting.optional(),
  /** Defaults to us-east-1, which most S3-compatible stores accept. */
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** bucket.host/key (virtual-hosted, the default) or host/bucket/key (most self-hosted stores). */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"], "must be true or false")
    .transform((v) => v === "true" || v === "1")
    .optional(),
  /** Alerts to the owner (docs/alerts.md): how often the checks run, and their thresholds. */
  ALERTS_CHECK_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  /** A payment pending at the provider longer than this is stuck. */
  ALERTS_PAYMENT_PENDING_MINUTES: z.coerce.number().int().min(1).default(30),
  /** Telegram reported a webhook error this recently. */
  ALERTS_WEBHOOK_ERROR_MINUTES: z.coerce.number().int().min(1).default(15),
  /** A delivery failed this recently. */
  ALERTS_DELIVERY_FAILED_MINUTES: z.coerce.number().int().min(1).default(60),
  /** A license-key product with fewer unused keys than this is running low. */
  ALERTS_KEY_POOL_MIN: z.coerce.number().int().min(1).default(5),
  /** The oldest due outbox row has waited longer than this. */
  ALERTS_OUTBOX_BACKLOG_MINUTES: z.coerce.number().int().min(1).default(10),
  /** An incident resolves only after its condition has been absent this long (no flapping). */
  ALERTS_RESOLVE_AFTER_MINUTES: z.coerce.number().int().min(0).default(15),
  /** smtp://user:pass@host:port (smtps:// for TLS from the start); unset: no alert emails. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  /** The From of alert emails; defaults to alerts@ the host of APP_URL. */
  ALERTS_EMAIL_FROM: z.string().min(3).optional(),
});

/** Settings that only mean something together, checked after each one parsed on its own. */
function crossSettingIssues(c: z.infer<typeof envSchema>, env: Record<string, string>): string[] {
  const issues: string[] = [];
  const s3Others = Object.keys(env).filter((k) => k.startsWith("S3_") && k !== "S3_BUCKET");
  if (!c.S3_BUCKET && s3Others.length > 0) {
    issues.push(`S3_BUCKET: required when any S3_ setting is set (${s3Others.sort().join(", ")})`);
  }
  if (c.S3_ACCESS_KEY_ID && !c.S3_SECRET_ACCESS_KEY) {
    issues.push("S3_SECRET_ACCESS_KEY: required when S3_ACCESS_KEY_ID is set");
  }
  if (c.S3_SECRET_ACCESS_KEY && !c.S3_ACCESS_KEY_ID) {
    issues.push("S3_ACCESS_KEY_ID: required when S3_SECRET_ACCESS_KEY is set");
  }
  return issues;
}

export type AppConfig = Omit<z.infer<typeof envSchema>, "APP_URL" | "APP_SECRET"> & {
  APP_URL: string;
  APP_SECRET: string;
  /** "embedded" runs PGlite in DATA_DIR; "postgres" talks to DATABASE_URL. */
  dbMode: "embedded" | "postgres";
};

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Treats empty strings as unset, so `FOO=` in a .env file means "use the default". */
function cleanEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}

/**
 * In embedded mode a missing APP_SECRET is generated once into DATA_DIR/app-secret, so a bare
 * `npm start` works. With DATABASE_URL several processes share state, so they must share the
 * secret too, and it is required.
 */
function resolveSecret(dataDir: string, dbMode: AppConfig["dbMode"], given?: string): string {
  if (given) return given;
  if (dbMode === "postgres") {
    throw new ConfigError([
      "APP_SECRET: required when DATABASE_URL is set (at least 32 characters)",
    ]);
  }
  const file = path.join(dataDir, "app-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  } catch (err) {
    // Another process won the race to create it: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      return fs.readFileSync(file, "utf8").trim();
    throw err;
  }
}

export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const cleaned = cleanEnv(env);
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`),
    );
  }
  const c = parsed.data;
  const crossIssues = crossSettingIssues(c, cleaned);
  if (crossIssues.length > 0) throw new ConfigError(crossIssues);
  const dbMode = c.DATABASE_URL ? "postgres" : "embedded";
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    ...c,
    DATA_DIR: dataDir,
    dbMode,
    APP_URL: (c.APP_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ""),
    APP_SECRET: resolveSecret(dataDir, dbMode, c.APP_SECRET),
  };
}

const globalForConfig = globalThis as unknown as { __botshopConfig?: AppConfig };

/** The process-wide configuration; parsed on first use. */
export function config(): AppConfig {
  if (!globalForConfig.__botshopConfig) {
    const c = parseConfig(process.env);
    // next-auth reads these from the environment.
    process.env.NEXTAUTH_URL ??= c.APP_URL;
    globalForConfig.__botshopConfig = c;
  }
  return globalForConfig.__botshopConfig;
}

/** Tests replace the configuration instead of mutating process.env. */
export function setConfigForTests(c: AppConfig | undefined): void {
  globalForConfig.__botshopConfig = c;
}
