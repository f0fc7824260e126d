import "server-only";
import { and, count, desc, eq, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { licenseKeys, products } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { syncKeyStock } from "./methods/basic";

/**
 * A license-key product's pool, as staff manage it: upload (deduplicated within the upload and
 * against the pool), list with the codes masked, delete a key nobody has. Every change keeps
 * product.stock equal to the free keys and is journaled in its transaction.
 */

export type KeyStatus = "free" | "given" | "revoked";

export interface KeyCounts {
  free: number;
  given: number;
  revoked: number;
}

/** Inserts per statement: 4 parameters a row stays far below PostgreSQL's 65535. */
const INSERT_CHUNK = 1000;

const freeKey = and(isNull(licenseKeys.orderId), isNull(licenseKeys.revokedAt));
const givenKey = and(isNotNull(licenseKeys.orderId), isNull(licenseKeys.revokedAt));
const revokedKey = isNotNull(licenseKeys.revokedAt);
const byStatus: Record<KeyStatus, SQL | undefined> = {
  free: freeKey,
  given: givenKey,
  revoked: revokedKey,
};

/** The product, locked, so uploads and deletes of one pool queue behind each other. */
async function keyProduct(tx: Tx, workspaceId: string, productId: string) {
  const [product] = await tx
    .select({ id: products.id, title: products.title, kind: products.kind })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.workspaceId, workspaceId)))
    .for("update");
  if (!product) throw notFound("Product");
  if (product.kind !== "license_key")
    throw new ApiError(
      "conflict",
      `“${product.title}” is not a license-key product (its kind is ${product.kind}); only those have a key pool`,
    );
  return product;
}

function statusOf(key: { orderId: string | null; revokedAt: Date | null }): KeyStatus {
  return key.revokedAt ? "revoked" : key.orderId ? "given" : "free";
}

/** What a key looks like to staff and API callers: only its last 4 characters. */
export function maskKey(code: string): string {
  return code.length > 4 ? `••••${code.slice(-4)}` : "••••";
}

export async function addKeys(
  db: Db,
  input: { workspaceId: string; productId: string; codes: string[]; actor: Actor },
): Promise<{ added: number; duplicates: number; stock: number }> {
  const codes = input.codes.map((c) => c.trim()).filter(Boolean);
  if (codes.length === 0)
    throw new ApiError("unprocessable_entity", "The upload holds no keys", {
      details: [{ path: "codes", message: "Every line was blank" }],
    });
  const unique = [...new Set(codes)];
  return db.transaction(async (tx) => {
    const product = await keyProduct(tx, input.workspaceId, input.productId);
    let added = 0;
    for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
      const rows = await tx
        .insert(licenseKeys)
        .values(
          unique.slice(i, i + INSERT_CHUNK).map((code) => ({
            workspaceId: input.workspaceId,
            productId: product.id,
            code,
          })),
        )
        // The pool's unique (product, code) index: a key already there is a duplicate.
        .onConflictDoNothing()
        .returning({ id: licenseKeys.id });
      added += rows.length;
    }
    const duplicates = codes.length - added;
    const stock = await syncKeyStock({ tx, product });
    if (added > 0)
      await recordJournal(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        kind: "keys.added",
        subjectId: product.id,
        data: { product: product.title, added, duplicates, stock },
      });
    return { added, duplicates, stock };
  });
}

export async function listKeys(
  db: Db,
  input: {
    workspaceId: string;
    productId: string;
    status?: KeyStatus;
    cursor?: number;
    limit: number;
  },
) {
  const [product] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.id, input.productId), eq(products.workspaceId, input.workspaceId)));
  if (!product) throw notFound("Product");
  const pool = and(
    eq(licenseKeys.productId, product.id),
    eq(licenseKeys.workspaceId, input.workspaceId),
  );
  const [counted] = await db
    .select({
      free: count(sql`case when ${freeKey} then 1 end`),
      given: count(sql`case when ${givenKey} then 1 end`),
      revoked: count(sql`case when ${revokedKey} then 1 end`),
    })
    .from(licenseKeys)
    .where(pool);
  const rows = await db
    .select()
    .from(licenseKeys)
    .where(
      and(
        pool,
        input.status ? byStatus[input.status] : undefined,
        input.cursor ? lt(licenseKeys.id, input.cursor) : undefined,
      ),
    )
    .orderBy(desc(licenseKeys.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    counts: {
      free: counted?.free ?? 0,
      given: counted?.given ?? 0,
      revoked: counted?.revoked ?? 0,
    },
    data: page.map((k) => ({
      id: k.id,
      masked: maskKey(k.code),
      status: statusOf(k),
      orderId: k.orderId,
      assignedAt: k.assignedAt,
      createdAt: k.createdAt,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Deletes a key nobody has; a given or revoked key stays as the record of its order (409). */
export async function deleteKey(
  db: Db,
  input: { workspaceId: string; productId: string; keyId: number; actor: Actor },
): Promise<{ stock: number }> {
  return db.transaction(async (tx) => {
    const product = await keyProduct(tx, input.workspaceId, input.productId);
    const [key] = await tx
      .select()
      .from(licenseKeys)
      .where(and(eq(licenseKeys.id, input.keyId), eq(licenseKeys.productId, product.id)))
      .for("update");
    if (!key) throw notFound("Key");
    if (key.orderId || key.revokedAt)
      throw new ApiError(
        "conflict",
        key.orderId
          ? `This key was given to order ${key.orderId}${key.revokedAt ? " and revoked" : ""}; it stays as that order's record`
          : "This key was revoked; it stays as a record",
      );
    await tx.delete(licenseKeys).where(eq(licenseKeys.id, key.id));
    const stock = await syncKeyStock({ tx, product });
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "key.deleted",
      subjectId: product.id,
      data: { product: product.title, key: maskKey(key.code), stock },
    });
    return { stock };
  });
}
