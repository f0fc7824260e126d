import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/orders";
import { deliverNow } from "@/lib/delivery/deliver-now";
import { getOrderDelivery } from "@/lib/delivery/order-delivery";
import { wakeSender } from "@/lib/jobs/sender";

export const POST = route(contract.deliverOrder, async ({ db, caller, params }) => {
  const result = await deliverNow(db, {
    workspaceId: caller.workspaceId,
    orderId: params.id,
    actor: caller.actor,
  });
  // The goods (or the buyer's "sorry") wait in the outbox: send them now, not at the next poll.
  wakeSender();
  return {
    outcome: result.outcome,
    already: result.outcome === "delivered" && result.already,
    reason: result.outcome === "failed" ? result.reason : null,
    delivery: await getOrderDelivery(db, caller.workspaceId, params.id),
  };
});
