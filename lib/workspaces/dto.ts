import { iso } from "@/lib/api/contracts/common";
import type { Role } from "@/lib/db/schema/accounts";
import type { WorkspaceRow } from "./workspace";
import type { MemberRow } from "./members";

export function toWorkspaceDto(row: WorkspaceRow, role: Role) {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    createdAt: iso(row.createdAt),
    role,
  };
}

export function toMemberDto(row: MemberRow) {
  return { ...row, joinedAt: iso(row.joinedAt) };
}
