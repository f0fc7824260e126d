import { iso } from "@/lib/api/contracts/common";
import { resolveDelivery } from "@/lib/delivery/settings";
import type { ProductRow } from "./products";

/** The delivery settings as they apply: every default filled in and the method resolved. */
export function toProductDto(row: ProductRow) {
  return {
    ...row,
    delivery: resolveDelivery(row.kind, row.delivery),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
