import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { bigint, pgSchema, serial, text } from "drizzle-orm/pg-core";
import { MIGRATIONS_FOLDER, type Db } from "@/lib/db/client";

/** drizzle-orm's own bookkeeping: `created_at` is the `when` of the journal entry it applied. */
const appliedMigrations = pgSchema("drizzle").table("__drizzle_migrations", {
  id: serial("id").primaryKey(),
  hash: text("hash").notNull(),
  createdAt: bigint("created_at", { mode: "number" }),
});

interface JournalFile {
  entries: { idx: number; when: number; tag: string }[];
}

export interface MigrationState {
  /** Migrations recorded as applied in the database. */
  applied: number;
  /** Migrations this build ships in drizzle/. */
  expected: number;
  /** Tag of the newest applied migration this build knows, e.g. `0001_journal_append_only`. */
  latest: string | null;
  /** Shipped but not applied. */
  missing: string[];
  /** Applied, but not shipped by this build (a newer release migrated this database). */
  unknown: number;
}

export async function shippedMigrations(): Promise<JournalFile["entries"]> {
  const raw = await fs.readFile(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8");
  const parsed: JournalFile = JSON.parse(raw);
  return [...parsed.entries].sort((a, b) => a.when - b.when);
}

/** Compares what the database has applied with what this build ships. */
export async function migrationState(
  db: Db,
  shipped: JournalFile["entries"],
): Promise<MigrationState> {
  const rows = await db.select({ createdAt: appliedMigrations.createdAt }).from(appliedMigrations);
  const appliedWhen = new Set(rows.map((r) => r.createdAt));
  const shippedWhen = new Set(shipped.map((e) => e.when));
  const known = shipped.filter((e) => appliedWhen.has(e.when));
  return {
    applied: rows.length,
    expected: shipped.length,
    latest: known.at(-1)?.tag ?? null,
    missing: shipped.filter((e) => !appliedWhen.has(e.when)).map((e) => e.tag),
    unknown: rows.filter((r) => r.createdAt === null || !shippedWhen.has(r.createdAt)).length,
  };
}
