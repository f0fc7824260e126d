import "server-only";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import type { Role } from "@/lib/db/schema/accounts";
import { hashToken, randomToken } from "@/lib/crypto/secrets";
import { notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";

/** Keys look like `bs_<43 chars>`: 256 bits of randomness behind a recognisable prefix. */
export const API_KEY_PREFIX = "bs_";

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX) && value.length > API_KEY_PREFIX.length + 20;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const listColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export async function listApiKeys(db: Executor, workspaceId: string): Promise<ApiKeyRow[]> {
  return db
    .select(listColumns)
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Creates a key and returns it in full: the only time it is ever visible. */
export async function createApiKey(
  db: Db,
  input: { workspaceId: string; name: string; role: Role; actor: Actor; createdBy?: string | null },
): Promise<{ key: string; row: ApiKeyRow }> {
  const key = API_KEY_PREFIX + randomToken(32);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        workspaceId: input.workspaceId,
        name: input.name,
        role: input.role,
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: hashToken(key),
        createdBy: input.createdBy ?? null,
      })
      .returning(listColumns);
    if (!row) throw new Error("createApiKey: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "api_key.created",
      subjectId: row.id,
      data: { name: row.name, role: row.role, prefix: row.prefix },
    });
    return { key, row };
  });
}

export async function revokeApiKey(
  db: Db,
  workspaceId: string,
  id: string,
  actor: Actor,
): Promise<ApiKeyRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(
        and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)),
      )
      .returning(listColumns);
    if (!row) {
      const [existing] = await tx
        .select(listColumns)
        .from(apiKeys)
        .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId)));
      if (!existing) throw notFound("API key");
      return existing; // Already revoked: revoking again is a no-op.
    }
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "api_key.revoked",
      subjectId: row.id,
      data: { name: row.name, prefix: row.prefix },
    });
    return row;
  });
}

/** Resolves a presented key to its workspace; revoked and unknown keys resolve to nothing. */
export async function findActiveApiKey(
  db: Executor,
  key: string,
): Promise<{ id: string; workspaceId: string; role: Role } | null> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      role: apiKeys.role,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  // last_used_at is informational: write it at most once a minute per key, not on every call.
  const staleBefore = new Date(Date.now() - 60_000);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore)),
        ),
      );
  }
  return { id: row.id, workspaceId: row.workspaceId, role: row.role };
}
