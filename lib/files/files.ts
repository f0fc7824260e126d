import "server-only";
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { deliveries, fileAssets, products } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { config } from "@/lib/config/env";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { logger } from "@/lib/log";
import { storageFor, uploadStorage, type UploadBody } from "./storage";

export type FileAsset = typeof fileAssets.$inferSelect;

const inWorkspace = (workspaceId: string, id: string) =>
  and(eq(fileAssets.id, id), eq(fileAssets.workspaceId, workspaceId));

export function maxUploadBytes(): number {
  return config().MAX_UPLOAD_MB * 1024 * 1024;
}

/**
 * Streams an upload into storage, then records it. The content is stored before the row
 * exists, and removed again if the row cannot be written, so a row always has its content.
 */
export async function createFile(
  db: Db,
  input: {
    workspaceId: string;
    actor: Actor;
    name: string;
    contentType: string;
    body: UploadBody;
  },
): Promise<FileAsset> {
  const storage = await uploadStorage();
  const stored = await storage.put(input.body, {
    workspaceId: input.workspaceId,
    name: input.name,
    contentType: input.contentType,
    maxBytes: maxUploadBytes(),
  });
  try {
    if (stored.size === 0) throw new ApiError("unprocessable_entity", "The file is empty");
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(fileAssets)
        .values({
          workspaceId: input.workspaceId,
          name: input.name,
          contentType: input.contentType,
          ...stored,
        })
        .returning();
      if (!row) throw new Error("createFile: insert returned no row");
      await recordJournal(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        kind: "file.uploaded",
        subjectId: row.id,
        data: {
          name: row.name,
          contentType: row.contentType,
          size: row.size,
          sha256: row.sha256,
          storage: row.storage,
        },
      });
      return row;
    });
  } catch (err) {
    await storage
      .remove(stored)
      .catch((removeErr: unknown) =>
        logger.warn(
          { err: removeErr, storageKey: stored.storageKey },
          "orphaned upload not removed",
        ),
      );
    throw err;
  }
}

/** Newest first. */
export async function listFiles(db: Executor, workspaceId: string): Promise<FileAsset[]> {
  return db
    .select()
    .from(fileAssets)
    .where(eq(fileAssets.workspaceId, workspaceId))
    .orderBy(desc(fileAssets.createdAt), desc(fileAssets.id));
}

export async function getFile(db: Executor, workspaceId: string, id: string): Promise<FileAsset> {
  const [row] = await db.select().from(fileAssets).where(inWorkspace(workspaceId, id));
  if (!row) throw notFound("File");
  return row;
}

/**
 * For whoever makes something point at a file (a product's delivery settings, an issued
 * download): checks it is the workspace's and holds a share lock until the transaction ends,
 * so a concurrent `deleteFile` waits and then sees the new reference.
 */
export async function lockFileForReference(
  tx: Executor,
  workspaceId: string,
  id: string,
): Promise<FileAsset> {
  const [row] = await tx.select().from(fileAssets).where(inWorkspace(workspaceId, id)).for("share");
  if (!row) throw notFound("File");
  return row;
}

/**
 * Deletes a file that no product delivers. One that a product's delivery settings name is
 * refused (409) with the products' titles: change those first. The row goes in the
 * transaction; the content after it commits (a failure there leaves an orphan, logged, never
 * a row without content).
 */
export async function deleteFile(
  db: Db,
  input: { workspaceId: string; id: string; actor: Actor },
): Promise<void> {
  const removed = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(fileAssets)
      .where(inWorkspace(input.workspaceId, input.id))
      .for("update");
    if (!row) throw notFound("File");
    const using = await tx
      .select({ title: products.title })
      .from(products)
      .where(
        and(
          eq(products.workspaceId, input.workspaceId),
          sql`${products.delivery}->>'fileId' = ${row.id}`,
        ),
      )
      .orderBy(asc(products.title));
    if (using.length > 0) {
      const titles = using.slice(0, 3).map((p) => `“${p.title}”`);
      if (using.length > 3) titles.push(`${using.length - 3} more`);
      throw new ApiError(
        "conflict",
        `“${row.name}” is delivered by ${titles.join(", ")}; choose another file there first`,
      );
    }
    // Buyers' download links that still work would break: wait until they expire.
    const [live] = await tx
      .select({ expiresAt: sql<Date | null>`max(${deliveries.expiresAt})` })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.fileId, row.id),
          eq(deliveries.status, "issued"),
          isNotNull(deliveries.tokenHash),
          sql`(${deliveries.expiresAt} is null or ${deliveries.expiresAt} > now())`,
          sql`(${deliveries.maxUses} is null or ${deliveries.uses} < ${deliveries.maxUses})`,
        ),
      )
      .having(sql`count(*) > 0`);
    if (live)
      throw new ApiError(
        "conflict",
        `Buyers still have working download links to “${row.name}”` +
          (live.expiresAt ? ` (the last expires ${new Date(live.expiresAt).toISOString()})` : "") +
          "; delete it after they expire",
      );
    await tx.delete(fileAssets).where(inWorkspace(input.workspaceId, input.id));
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "file.deleted",
      subjectId: row.id,
      data: { name: row.name, size: row.size, sha256: row.sha256, storage: row.storage },
    });
    return row;
  });
  try {
    await (await storageFor(removed.storage)).remove(removed);
  } catch (err) {
    logger.error(
      { err, fileId: removed.id, storageKey: removed.storageKey },
      "file deleted, but its content could not be removed from storage",
    );
  }
}

/**
 * Remembers the file_id Telegram gave a file sent through `botId`, so the next send reuses it
 * instead of uploading again. One jsonb key is set; other bots' ids are kept.
 */
export async function rememberTelegramFileId(
  db: Executor,
  input: { workspaceId: string; id: string; botId: string; telegramFileId: string },
): Promise<void> {
  await db
    .update(fileAssets)
    .set({
      telegramFileIds: sql`${fileAssets.telegramFileIds} || jsonb_build_object(${input.botId}::text, ${input.telegramFileId}::text)`,
    })
    .where(inWorkspace(input.workspaceId, input.id));
}
