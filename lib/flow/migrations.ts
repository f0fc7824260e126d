import { z } from "zod";

/** The format version this code writes. Bump it only together with a migration to it. */
export const currentFlowVersion = 1;

/**
 * Format migrations: `migrations[n]` turns a version-n document into a version-(n + 1) one.
 * Stored drafts and published versions are never rewritten in place; they are migrated on read.
 * Version 1 is the first format, so there is nothing to migrate yet.
 */
export type FlowMigrations = Readonly<
  Record<number, (document: Record<string, unknown>) => unknown>
>;

export const flowMigrations: FlowMigrations = {};

const versioned = z.looseObject({ version: z.number().int().min(0) });

export type MigrationResult =
  { ok: true; document: unknown } | { ok: false; path: (string | number)[]; message: string };

/** Brings a document of any known older version up to `target` (the current version by default). */
export function migrateFlowDocument(
  input: unknown,
  migrations: FlowMigrations = flowMigrations,
  target: number = currentFlowVersion,
): MigrationResult {
  const head = versioned.safeParse(input);
  if (!head.success) {
    const isObject = typeof input === "object" && input !== null && !Array.isArray(input);
    return isObject
      ? {
          ok: false,
          path: ["version"],
          message: "Missing or invalid format version (expected an integer)",
        }
      : { ok: false, path: [], message: "A flow document must be a JSON object" };
  }
  let document: Record<string, unknown> = head.data;
  let version = head.data.version;
  if (version > target) {
    return {
      ok: false,
      path: ["version"],
      message: `Format version ${version} is newer than this server understands (${target})`,
    };
  }
  while (version < target) {
    const step = migrations[version];
    if (!step) {
      return {
        ok: false,
        path: ["version"],
        message: `No migration from format version ${version}`,
      };
    }
    const next = versioned.safeParse(step(document));
    if (!next.success || next.data.version !== version + 1) {
      return {
        ok: false,
        path: ["version"],
        message: `Migration from format version ${version} did not produce version ${version + 1}`,
      };
    }
    document = next.data;
    version = next.data.version;
  }
  return { ok: true, document };
}
