import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { deliveries } from "@/lib/db/schema";
import { iso } from "@/lib/api/contracts/common";

/**
 * An order's delivery as the order page shows it: how, where it stands, why it failed, and how
 * much of a link is used. Never the token hash or what the method keeps in `data`.
 */
export async function getOrderDelivery(db: Executor, workspaceId: string, orderId: string) {
  const [row] = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.orderId, orderId), eq(deliveries.workspaceId, workspaceId)));
  if (!row) return null;
  const reason = row.status === "failed" ? row.data.reason : null;
  const handling = row.status === "failed" ? row.data.handling : null;
  const held = (["refund", "hold"] as const).find((h) => h === handling) ?? null;
  return {
    id: row.id,
    method: row.method,
    status: row.status,
    reason: typeof reason === "string" ? reason : null,
    handling: held,
    uses: row.uses,
    maxUses: row.maxUses,
    expiresAt: iso(row.expiresAt),
    usedAt: iso(row.usedAt),
    revokedAt: iso(row.revokedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
