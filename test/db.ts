import crypto from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { setDatabaseForTests, type Db } from "@/lib/db";

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (dropped afterwards). Nothing is mocked.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ kind: "memory" });

  const name = `botshop_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), maxConnections: 20 });
  return {
    ...handle,
    /** For a second connection pool to the same database (a second process, as it were). */
    url: url.toString(),
    close: async () => {
      await handle.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * Installs a test database for the whole file and returns an accessor for it.
 * Usage: `const db = useTestDatabase();` then `db()` inside tests.
 */
export function useTestDatabase(): () => Db {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
    setDatabaseForTests(handle);
  });
  afterAll(async () => {
    setDatabaseForTests(undefined);
    await handle?.close();
  });
  return () => {
    if (!handle)
      throw new Error("useTestDatabase: the database is not open yet (use it inside a test)");
    return handle.db;
  };
}

export function testDatabaseKind(): "postgres" | "memory" {
  return process.env.DATABASE_URL ? "postgres" : "memory";
}
