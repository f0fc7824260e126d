import type { z } from "zod";
import { api } from "@/components/api/request";
import { listProducts, updateProduct, type productSchema } from "@/lib/api/contracts/products";

export type ProductDto = z.infer<typeof productSchema>;
export type ProductStatus = "active" | "archived" | "all";

/** Every product query starts with this key, so one invalidation refreshes the list and pickers. */
export const productsKey = ["products"] as const;

export const productsQuery = (filter: { status: ProductStatus; q?: string }) => ({
  queryKey: [...productsKey, filter.status, filter.q ?? ""] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ data: ProductDto[] }>(
        listProducts.path,
        { status: filter.status, q: filter.q },
        signal,
      )
      .then((r) => r.data),
});

export const productsPath = listProducts.path;
export const productPath = (id: string) =>
  updateProduct.path.replace("{id}", encodeURIComponent(id));
