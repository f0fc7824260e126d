import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/webhooks";
import { listDeliveries } from "@/lib/webhooks/endpoints";
import { toDeliveryDto } from "@/lib/webhooks/dto";

export const GET = route(contract.listWebhookDeliveries, async ({ db, caller, params, query }) => {
  const page = await listDeliveries(db, caller.workspaceId, params.id, query);
  return { data: page.rows.map(toDeliveryDto), nextBefore: page.nextBefore };
});
