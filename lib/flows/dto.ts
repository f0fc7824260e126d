import { iso } from "@/lib/api/contracts/common";
import type { FlowRow } from "./flows";
import type { PublishedVersionRow } from "./publish";

export function toFlowDto(row: FlowRow) {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

export function toFlowVersionDto(row: PublishedVersionRow) {
  return { ...row, publishedAt: iso(row.publishedAt) };
}
