import { iso } from "@/lib/api/contracts/common";
import type { JournalRow } from "./query";

export function toJournalEntryDto(row: JournalRow) {
  return { ...row, at: iso(row.at) };
}
