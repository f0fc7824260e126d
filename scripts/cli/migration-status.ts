import fs from "node:fs";
import path from "node:path";
import { bigint, pgSchema, serial, text } from "drizzle-orm/pg-core";
import { MIGRATIONS_FOLDER, type Db } from "@/lib/db/client";

/** drizzle-orm's own bookkeeping table; `created_at` is the `when` of the journal entry applied. */
const drizzleMigrations = pgSchema("drizzle").table("__drizzle_migrations", {
  id: serial("id").primaryKey(),
  hash: text("hash").notNull(),
  createdAt: bigint("created_at", { mode: "number" }),
});

interface JournalFile {
  entries: { idx: number; when: number; tag: string }[];
}

export interface MigrationStatus {
  /** Migrations recorded as applied in the database. */
  applied: number;
  /** Migrations this code ships in drizzle/. */
  expected: number;
  /** Tag of the newest applied migration this code knows, e.g. `0001_journal_append_only`. */
  latest: string | null;
}

export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const journal = JSON.parse(
    fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"),
  ) as JournalFile;
  const rows = await db.select({ createdAt: drizzleMigrations.createdAt }).from(drizzleMigrations);
  const appliedWhen = new Set(rows.map((r) => r.createdAt));
  const known = journal.entries.filter((e) => appliedWhen.has(e.when));
  return {
    applied: rows.length,
    expected: journal.entries.length,
    latest: known.at(-1)?.tag ?? null,
  };
}
