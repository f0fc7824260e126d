import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/orders";
import { toOrderDto, toTimelineEntryDto } from "@/lib/payments/orders/dto";
import { getOrderWithTimeline } from "@/lib/payments/orders/query-timeline";
import { getOrderDelivery } from "@/lib/delivery/order-delivery";

export const GET = route(contract.getOrder, async ({ db, caller, params }) => {
  const { timeline, ...row } = await getOrderWithTimeline(db, caller.workspaceId, params.id);
  return {
    order: toOrderDto(row),
    delivery: await getOrderDelivery(db, caller.workspaceId, params.id),
    timeline: timeline.map(toTimelineEntryDto),
  };
});
