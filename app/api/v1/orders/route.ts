import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/orders";
import { toOrderSummaryDto } from "@/lib/payments/orders/dto";
import { listOrders } from "@/lib/payments/orders/query";

export const GET = route(contract.listOrders, async ({ db, caller, query }) => {
  const { rows, nextCursor } = await listOrders(db, caller.workspaceId, query);
  return { data: rows.map(toOrderSummaryDto), nextCursor };
});
