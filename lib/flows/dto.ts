import { iso } from "@/lib/api/contracts/common";
import type { FlowRow, FlowVersionRow } from "./flows";

export function toFlowDto(row: FlowRow) {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

export function toFlowVersionDto(row: FlowVersionRow) {
  return { ...row, publishedAt: iso(row.publishedAt) };
}
