import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { readOutboxBacklog, type OutboxBacklog } from "./outbox";

/** Who called a webhook: Telegram, a payment provider, or the shop's system (POST /api/v1/events). */
export type WebhookSource = "telegram" | "stripe" | "yookassa" | "events";

/**
 * ok: 2xx. rejected: not authenticated (a wrong secret, signature or API key; a forged
 * payment). invalid: another 4xx. error: 5xx, or the handler threw.
 */
export type WebhookOutcome = "ok" | "rejected" | "invalid" | "error";

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const webhookDuration = new Histogram({
    name: "botshop_webhook_duration_seconds",
    help: "Time to answer a webhook, from the request to the response, by source and outcome",
    labelNames: ["source", "outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const webhookVerificationFailures = new Counter({
    name: "botshop_webhook_verification_failures_total",
    help: "Webhook calls refused because they could not be authenticated, by source and reason",
    labelNames: ["source", "reason"] as const,
    registers,
  });
  const jobFailures = new Counter({
    name: "botshop_job_failures_total",
    help: "Outbox rows that failed for good (result=failed) or will be tried again (result=retried), by kind",
    labelNames: ["kind", "result"] as const,
    registers,
  });
  const telegramRateLimited = new Counter({
    name: "botshop_telegram_rate_limited_total",
    help: "Bot API calls Telegram answered with 429 Too Many Requests, by method",
    labelNames: ["method"] as const,
    registers,
  });
  const telegramRetryAfter = new Counter({
    name: "botshop_telegram_retry_after_seconds_total",
    help: "Seconds Telegram's 429 answers asked to wait (retry_after), by method",
    labelNames: ["method"] as const,
    registers,
  });

  /*
   * The outbox gauges are read from the database when scraped, in one query shared by all three
   * (the registry collects all metrics at once), never kept up to date per write.
   */
  let reading: Promise<OutboxBacklog[] | undefined> | undefined;
  const seenKinds = new Set<string>();
  const backlog = () =>
    (reading ??= getDb()
      .then(readOutboxBacklog)
      .catch((err: unknown) => {
        logger.warn({ err }, "metrics: could not read the outbox backlog");
        return undefined;
      })
      .finally(() => {
        reading = undefined;
      }));
  /** A gauge per kind, read at scrape time; a kind seen before with nothing pending reads 0. */
  const backlogGauge = (name: string, help: string, value: (r: OutboxBacklog) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["kind"] as const,
      registers,
      async collect() {
        const rows = await backlog();
        this.reset();
        if (!rows) return;
        for (const row of rows) seenKinds.add(row.kind);
        for (const kind of seenKinds) this.set({ kind }, 0);
        for (const row of rows) this.set({ kind: row.kind }, value(row));
      },
    });
  backlogGauge(
    "botshop_outbox_pending",
    "Outbox rows waiting to be done, by kind (timers and paced broadcast rows not due yet included)",
    (r) => r.pending,
  );
  backlogGauge(
    "botshop_outbox_oldest_pending_seconds",
    "Age of the oldest pending outbox row, by kind (a timer waits for its time: see oldest_due)",
    (r) => r.oldestPendingSeconds,
  );
  backlogGauge(
    "botshop_outbox_oldest_due_seconds",
    "How long the longest-waiting due outbox row has been due, by kind (0 when none is)",
    (r) => r.oldestDueSeconds,
  );

  return {
    registry,
    webhookDuration,
    webhookVerificationFailures,
    jobFailures,
    telegramRateLimited,
    telegramRetryAfter,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/*
 * One registry per process, on globalThis: Next.js bundles this module once per entry (the
 * instrumentation that runs the sender, each route) and dev reloads it, while prom-client
 * refuses a metric name twice and Prometheus wants one set of figures.
 */
const g = globalThis as unknown as { __botshopMetrics?: Metrics };

/** The process's metrics. */
export function metrics(): Metrics {
  return (g.__botshopMetrics ??= createMetrics());
}
