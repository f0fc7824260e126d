import "server-only";
import { and, count, desc, eq, getTableColumns, ilike, type SQL } from "drizzle-orm";
import type { Db, Executor, Tx } from "@/lib/db";
import { orders, products } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { isCurrencyCode, type CurrencyCode } from "@/lib/money/currency";
import { syncKeyStock } from "@/lib/delivery/methods/basic";
import { lockFileForReference } from "@/lib/files/files";
import { deliverySettingsSchema } from "@/lib/delivery/settings";
import {
  methodMismatch,
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

/**
 * The file a product delivers must be this workspace's; it is locked (FOR SHARE) so a deletion
 * running at the same moment waits and then sees the product naming it.
 */
async function lockDeliveredFile(
  tx: Tx,
  workspaceId: string,
  delivery: { fileId?: string | null } | undefined,
) {
  if (!delivery?.fileId) return;
  try {
    await lockFileForReference(tx, workspaceId, delivery.fileId);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== "not_found") throw err;
    const message = "No such file in this workspace; upload it again";
    throw new ApiError("unprocessable_entity", message, {
      details: [{ path: "delivery.fileId", message }],
    });
  }
}

/** A delivery method the kind cannot use is the caller's mistake, said plainly (400). */
function assertMethodFits(kind: ProductRow["kind"], delivery: { method?: string } | undefined) {
  const mismatch = methodMismatch(kind, delivery?.method);
  if (mismatch) throw new ApiError("bad_request", mismatch);
}

/**
 * The journal keeps what changed in the delivery settings, never the goods themselves: a text
 * secret, a course page or an LMS body is what the buyer pays for.
 */
const secretDeliveryFields = new Set(["secret", "pageContent", "lmsBody"]);
function journaledDelivery(delivery: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(delivery).map(([k, v]) => [
      k,
      secretDeliveryFields.has(k) && typeof v === "string" && v !== "" ? "(set)" : v,
    ]),
  );
}

export async function createProduct(
  db: Db,
  input: { workspaceId: string; product: CreateProductInput; actor: Actor },
): Promise<ProductRow> {
  assertMethodFits(input.product.kind, input.product.delivery);
  return db.transaction(async (tx) => {
    await lockDeliveredFile(tx, input.workspaceId, input.product.delivery);
    const keys = input.product.kind === "license_key";
    const [row] = await tx
      .insert(products)
      // A key product's stock is its pool, empty until keys are uploaded.
      .values({ workspaceId: input.workspaceId, ...input.product, ...(keys ? { stock: 0 } : {}) })
      .returning(productColumns);
    if (!row) throw new Error("createProduct: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "product.created",
      subjectId: row.id,
      data: { ...input.product, delivery: journaledDelivery(input.product.delivery) },
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
    const { delivery: deliveryChange, ...fields } = input.change;
    const change: Omit<UpdateProductInput, "delivery"> & { delivery?: Record<string, unknown> } = {
      ...fields,
    };
    if (change.kind && change.kind !== "subscription" && change.periodDays === undefined) {
      change.periodDays = null;
    }
    const kind = change.kind ?? before.kind;
    const keys = kind === "license_key";
    // A key product's stock is the number of free keys (syncKeyStock below), not typed in.
    if (keys) delete change.stock;
    if (deliveryChange) {
      assertMethodFits(kind, deliveryChange);
      const stored = deliverySettingsSchema.safeParse(before.delivery);
      const merged = { ...(stored.success ? stored.data : {}), ...deliveryChange };
      change.delivery = deliverySettingsSchema.parse(merged);
      await lockDeliveredFile(tx, input.workspaceId, change.delivery);
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
    const [updated] = await tx
      .update(products)
      .set({ ...change, updatedAt: new Date() })
      .where(inWorkspace(input.workspaceId, input.id))
      .returning(productColumns);
    if (!updated) throw notFound("Product");
    const row =
      keys && before.kind !== "license_key"
        ? { ...updated, stock: await syncKeyStock({ tx, product: updated }) }
        : updated;
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

function changedFields(
  before: ProductRow,
  change: Omit<UpdateProductInput, "delivery"> & { delivery?: Record<string, unknown> },
): ChangeLog {
  const out: ChangeLog = {};
  for (const [key, to] of Object.entries(change)) {
    if (key === "delivery") continue;
    const from: unknown = before[key as keyof UpdateProductInput]; // keys of a parsed change
    if (to !== undefined && to !== from) out[key] = { from, to };
  }
  if (change.delivery) {
    const stored = deliverySettingsSchema.safeParse(before.delivery);
    const from: Record<string, unknown> = stored.success ? stored.data : {};
    const to = change.delivery;
    const fields = Object.keys(to).filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k]));
    if (fields.length) {
      const pick = (o: Record<string, unknown>) =>
        journaledDelivery(Object.fromEntries(fields.map((k) => [k, o[k]])));
      out.delivery = { from: pick(from), to: pick(to) };
    }
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
