import "server-only";
import { config } from "@/lib/config/env";
import { openDatabase, type DatabaseHandle, type Db } from "./client";

export type { Db, Tx, Executor } from "./client";

/*
 * One database handle per process. It lives on globalThis because Next.js bundles
 * instrumentation and each route separately: a module-level variable would not be shared.
 */
const g = globalThis as unknown as { __botshopDb?: Promise<DatabaseHandle> };

export function databaseHandle(): Promise<DatabaseHandle> {
  if (!g.__botshopDb) {
    const c = config();
    g.__botshopDb = openDatabase(
      c.DATABASE_URL
        ? { kind: "postgres", url: c.DATABASE_URL }
        : { kind: "embedded", dataDir: c.DATA_DIR },
    );
    // A failed open must not be cached: the next call retries and reports its own error.
    g.__botshopDb.catch(() => {
      g.__botshopDb = undefined;
    });
  }
  return g.__botshopDb;
}

/** The process's database, opened and migrated on first use. */
export async function getDb(): Promise<Db> {
  return (await databaseHandle()).db;
}

/** Tests install their own database (PGlite in memory, or a fresh Postgres database). */
export function setDatabaseForTests(handle: DatabaseHandle | undefined): void {
  g.__botshopDb = handle ? Promise.resolve(handle) : undefined;
}
