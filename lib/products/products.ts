import "server-only";
import { and, count, desc, eq, getTableColumns, ilike, type SQL } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { orders, products } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { isCurrencyCode, type CurrencyCode } from "@/lib/money/currency";
import {
  productRuleIssues,
  type CreateProductInput,
  type ProductListQuery,
  type UpdateProductInput,
} from "./input";
import { escapeLike } from "@/lib/db/like";

export type ProductRow = Omit<typeof products.$inferSelect, "workspaceId" | "currency"> & {
  currency: CurrencyCode;
};

const { workspaceId: _workspaceId, ...productColumns } = getTableColumns(products);

const inWorkspace = (workspaceId: string, id: string) =>
  and(eq(products.id, id), eq(products.workspaceId, workspaceId));

/** The currency column is text; only this module writes it, always from the currency table. */
function toRow(row: Omit<typeof products.$inferSelect, "workspaceId">): ProductRow {
  if (!isCurrencyCode(row.currency)) {
    throw new Error(`Product ${row.id} has an unknown currency ${row.currency}`);
  }
  return { ...row, currency: row.currency };
}

/** LIKE treats % and _ as wildcards; a search for "50%" means the characters. */

export async function listProducts(
  db: Executor,
  workspaceId: string,
  query: Partial<ProductListQuery> = {},
): Promise<ProductRow[]> {
  const where: SQL[] = [eq(products.workspaceId, workspaceId)];
  if (query.status === "active") where.push(eq(products.active, true));
  if (query.status === "archived") where.push(eq(products.active, false));
  if (query.q) where.push(ilike(products.title, `%${escapeLike(query.q)}%`));
  const rows = await db
    .select(productColumns)
    .from(products)
    .where(and(...where))
    .orderBy(desc(products.createdAt), desc(products.id));
  return rows.map(toRow);
}

export async function getProduct(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<ProductRow> {
  const [row] = await db.select(productColumns).from(products).where(inWorkspace(workspaceId, id));
  if (!row) throw notFound("Product");
  return toRow(row);
}

export async function createProduct(
  db: Db,
  input: { workspaceId: string; product: CreateProductInput; actor: Actor },
): Promise<ProductRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(products)
      .values({ workspaceId: input.workspaceId, ...input.product })
      .returning(productColumns);
    if (!row) throw new Error("createProduct: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "product.created",
      subjectId: row.id,
      data: { ...input.product },
    });
    return toRow(row);
  });
}

/**
 * Applies a partial change. The rules between fields (Stars minimum, subscription period, …)
 * are checked on the product as it will be, so `{ currency: "XTR" }` alone is refused for a
 * subscription billed every 7 days. A product that stops being a subscription drops its
 * period unless the change sets one (which the rules then refuse).
 */
export async function updateProduct(
  db: Db,
  input: { workspaceId: string; id: string; change: UpdateProductInput; actor: Actor },
): Promise<ProductRow> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select(productColumns)
      .from(products)
      .where(inWorkspace(input.workspaceId, input.id))
      .for("update");
    if (!locked) throw notFound("Product");
    const before = toRow(locked);
    const change: UpdateProductInput = { ...input.change };
    if (change.kind && change.kind !== "subscription" && change.periodDays === undefined) {
      change.periodDays = null;
    }
    const after = { ...before, ...change };
    const issues = productRuleIssues(after);
    if (issues.length > 0) {
      throw new ApiError("unprocessable_entity", "The input is not valid", {
        details: issues.map(({ path, message }) => ({ path, message })),
      });
    }
    const changes = changedFields(before, change);
    if (Object.keys(changes).length === 0) return before;
    const [row] = await tx
      .update(products)
      .set({ ...change, updatedAt: new Date() })
      .where(inWorkspace(input.workspaceId, input.id))
      .returning(productColumns);
    if (!row) throw notFound("Product");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "product.updated",
      subjectId: row.id,
      data: { title: row.title, changes },
    });
    return toRow(row);
  });
}

type ChangeLog = Record<string, { from: unknown; to: unknown }>;

function changedFields(before: ProductRow, change: UpdateProductInput): ChangeLog {
  const out: ChangeLog = {};
  for (const [key, to] of Object.entries(change)) {
    const from: unknown = before[key as keyof UpdateProductInput]; // keys of a parsed change
    if (to !== undefined && to !== from) out[key] = { from, to };
  }
  return out;
}

/**
 * Deletes a product that was never ordered. One with orders is refused (409): archive it
 * instead. The orders would survive (they keep the title, kind and amount, and product_id
 * becomes null), but refunds, re-delivery, subscription renewals and per-product revenue
 * need the link, and an archived product keeps it while no longer being offered.
 */
export async function deleteProduct(
  db: Db,
  input: { workspaceId: string; id: string; actor: Actor },
): Promise<void> {
  await db.transaction(async (tx) => {
    // The row lock orders this against a concurrent order insert (its foreign key check
    // takes a key-share lock on the product): either the order sees no product, or we see it.
    const [row] = await tx
      .select({
        id: products.id,
        title: products.title,
        kind: products.kind,
        priceMinor: products.priceMinor,
        currency: products.currency,
      })
      .from(products)
      .where(inWorkspace(input.workspaceId, input.id))
      .for("update");
    if (!row) throw notFound("Product");
    const [ordered] = await tx
      .select({ n: count() })
      .from(orders)
      .where(eq(orders.productId, row.id));
    const n = ordered?.n ?? 0;
    if (n > 0) {
      throw new ApiError(
        "conflict",
        `“${row.title}” has ${n} order${n === 1 ? "" : "s"} and cannot be deleted; archive it instead (PATCH active: false)`,
      );
    }
    await tx.delete(products).where(inWorkspace(input.workspaceId, input.id));
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "product.deleted",
      subjectId: row.id,
      data: {
        title: row.title,
        kind: row.kind,
        priceMinor: row.priceMinor,
        currency: row.currency,
      },
    });
  });
}
