import { iso } from "@/lib/api/contracts/common";
import type { FileAsset } from "./files";

/** What the API shows of a file: never the storage key or the bots' Telegram file ids. */
export function toFileDto(row: FileAsset) {
  return {
    id: row.id,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    storage: row.storage,
    createdAt: iso(row.createdAt),
  };
}
