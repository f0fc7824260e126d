import { iso } from "@/lib/api/contracts/common";
import type { ProductRow } from "./products";

export function toProductDto(row: ProductRow) {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}
