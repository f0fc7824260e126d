import { iso } from "@/lib/api/contracts/common";
import type { InviteRow } from "./invites";

export type InviteStatus = "pending" | "accepted" | "revoked" | "expired";

export function inviteStatus(
  row: Pick<InviteRow, "acceptedAt" | "revokedAt" | "expiresAt">,
  now = new Date(),
): InviteStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

export function toInviteDto(row: InviteRow) {
  return {
    id: row.id,
    role: row.role,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    acceptedAt: iso(row.acceptedAt),
    revokedAt: iso(row.revokedAt),
    status: inviteStatus(row),
  };
}
