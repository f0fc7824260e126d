import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { healthSchema } from "@/lib/api/contracts/health";
import { config } from "@/lib/config/env";
import { databaseHandle } from "@/lib/db";
import type { DatabaseHandle } from "@/lib/db/client";
import { logger } from "@/lib/log";
import pkg from "@/package.json";
import { migrationState, shippedMigrations } from "./migrations";

export type HealthReport = z.infer<typeof healthSchema>;

/** A load balancer's probe must get an answer even when the database hangs. */
const PROBE_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)),
      PROBE_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness and readiness in one report. It never throws: a database that cannot be opened is
 * "unavailable" with a reason, not an error. Reasons stay generic because the endpoint is
 * public; the cause goes to the log.
 */
export async function checkHealth(
  open: () => Promise<DatabaseHandle> = databaseHandle,
): Promise<HealthReport> {
  const version = pkg.version;
  let database: HealthReport["database"] = config().dbMode;
  let migrations: HealthReport["migrations"] = { applied: 0, expected: 0, latest: null };
  const unavailable = (reason: string, err?: unknown): HealthReport => {
    if (err) logger.error({ err }, `health: ${reason}`);
    return { status: "unavailable", database, migrations, version, reason };
  };

  let shipped: Awaited<ReturnType<typeof shippedMigrations>>;
  try {
    shipped = await shippedMigrations();
  } catch (err) {
    return unavailable("The migration files of this build cannot be read", err);
  }
  migrations = { ...migrations, expected: shipped.length };

  let handle: DatabaseHandle;
  try {
    handle = await withTimeout(open(), "Opening the database");
  } catch (err) {
    return unavailable("The database cannot be opened", err);
  }
  database = handle.kind === "postgres" ? "postgres" : "embedded";

  try {
    await withTimeout(handle.db.execute(sql`select 1`), "The database");
  } catch (err) {
    return unavailable("The database does not answer queries", err);
  }

  try {
    const state = await withTimeout(migrationState(handle.db, shipped), "The migrations table");
    migrations = { applied: state.applied, expected: state.expected, latest: state.latest };
    if (state.unknown > 0) {
      return unavailable(
        `The database has ${state.unknown} migration(s) this version (${version}) does not know: it was migrated by a newer release`,
      );
    }
    if (state.missing.length > 0) {
      return unavailable(
        `${state.missing.length} migration(s) not applied yet: ${state.missing.join(", ")}`,
      );
    }
  } catch (err) {
    return unavailable("The applied migrations cannot be read", err);
  }

  return { status: "ok", database, migrations, version };
}
