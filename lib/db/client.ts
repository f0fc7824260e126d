import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import postgres from "postgres";
import { preparedStatements } from "./prepared-statements";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type the domain sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Functions that can run inside or outside a transaction take this. */
export type Executor = Db | Tx;

export type DatabaseTarget =
  | { kind: "embedded"; dataDir: string }
  | { kind: "memory" }
  | { kind: "postgres"; url: string; maxConnections?: number; workerConnections?: number };

export interface DatabaseHandle {
  db: Db;
  /**
   * For the outbox workers (lib/jobs/sender.ts). On PostgreSQL a small pool of its own, so a
   * burst of webhook transactions holding every connection of `db` cannot queue the sender's
   * statements behind them (replies would wait while more updates are taken in). PGlite has one
   * connection: the same as `db`.
   */
  workerDb: Db;
  kind: DatabaseTarget["kind"];
  /**
   * LISTEN on a channel: `onPayload` gets each NOTIFY's payload, after the notifying transaction
   * committed. On PostgreSQL one shared connection listens for the whole process.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

export class DatabaseLockedError extends Error {
  constructor(dir: string, holder: string) {
    super(
      `The embedded database in ${dir} is already open in another Botshop process (${holder}). ` +
        `Only one process may use a PGlite data directory: stop the other process, use another ` +
        `DATA_DIR, or set DATABASE_URL to share a PostgreSQL server between processes.`,
    );
    this.name = "DatabaseLockedError";
  }
}

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite has no multi-process story: two processes on one directory corrupt it silently.
 * A lock file holding our pid makes the second process fail loudly instead; a lock left by a
 * process that died (same host, pid gone) is taken over.
 */
export function acquireDataDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "pglite.lock");
  const mine: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          const current = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
          if (current.pid === mine.pid && current.startedAt === mine.startedAt) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let raw = "";
    try {
      raw = fs.readFileSync(file, "utf8");
    } catch {
      continue; // Released between our write and read: try again.
    }
    let holder: LockInfo | undefined;
    try {
      holder = JSON.parse(raw) as LockInfo;
    } catch {
      holder = undefined; // A torn write from a crash: treat as stale.
    }
    if (holder && (holder.host !== mine.host || processAlive(holder.pid))) {
      throw new DatabaseLockedError(
        dir,
        `pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}`,
      );
    }
    // Stale: remove it only if it is still the same stale lock we read.
    try {
      if (fs.readFileSync(file, "utf8") === raw) fs.unlinkSync(file);
    } catch {
      // Someone else removed it first.
    }
  }
  throw new DatabaseLockedError(dir, "lock file kept changing");
}

/** Opens a database and brings its schema up to date. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    await migratePostgresSerialised(target.url);
    const client = postgres(target.url, { max: target.maxConnections ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(preparedStatements(client), { schema }) as unknown as Db;
    const workerClient = postgres(target.url, {
      max: target.workerConnections ?? 3,
      onnotice: () => {},
    });
    const workerDb = drizzlePostgres(preparedStatements(workerClient), {
      schema,
    }) as unknown as Db;
    return {
      db,
      workerDb,
      kind: "postgres",
      listen: async (channel, onPayload) => {
        const { unlisten } = await client.listen(channel, onPayload);
        return unlisten;
      },
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), workerClient.end({ timeout: 5 })]);
      },
    };
  }

  let release = () => {};
  let client: PGlite;
  if (target.kind === "embedded") {
    release = acquireDataDirLock(target.dataDir);
    try {
      client = await PGlite.create(path.join(target.dataDir, "pgdata"));
    } catch (err) {
      release();
      throw err;
    }
  } else {
    client = await PGlite.create();
  }
  const pgliteDb = drizzlePglite(client, { schema });
  try {
    await migratePglite(pgliteDb, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (err) {
    await client.close();
    release();
    throw err;
  }
  return {
    db: pgliteDb as unknown as Db,
    workerDb: pgliteDb as unknown as Db,
    kind: target.kind,
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * Several processes may start at once against one server: an advisory lock on a dedicated
 * connection makes them migrate one after another instead of racing on DDL.
 */
async function migratePostgresSerialised(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(hashtext('botshop:migrate'))`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(hashtext('botshop:migrate'))`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
