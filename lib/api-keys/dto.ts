import { iso } from "@/lib/api/contracts/common";
import type { ApiKeyRow } from "./keys";

export function toApiKeyDto(row: ApiKeyRow) {
  return {
    ...row,
    createdAt: iso(row.createdAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}
