import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { products } from "@/lib/db/schema";
import type { ProductView } from "./types";

/** The workspace's products a catalog node may show: active ones, oldest first. */
export async function catalogProducts(db: Executor, workspaceId: string): Promise<ProductView[]> {
  return db
    .select({
      id: products.id,
      title: products.title,
      priceMinor: products.priceMinor,
      currency: products.currency,
    })
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.active, true)))
    .orderBy(asc(products.createdAt))
    .limit(100);
}
