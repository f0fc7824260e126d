import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/orders";
import { toOrderDto } from "@/lib/payments/orders/dto";
import { getOrderWithTimeline } from "@/lib/payments/orders/query-timeline";
import { refundOrder } from "@/lib/payments/refund";

export const POST = route(contract.refundOrder, async ({ db, caller, params, body }) => {
  const { pending } = await refundOrder(db, {
    workspaceId: caller.workspaceId,
    orderId: params.id,
    actor: caller.actor,
    reason: body.reason,
    external: body.external,
  });
  const { timeline: _, ...order } = await getOrderWithTimeline(db, caller.workspaceId, params.id);
  return { order: toOrderDto(order), pending };
});
