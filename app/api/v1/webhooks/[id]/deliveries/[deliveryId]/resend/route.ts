import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/webhooks";
import { resendEndpointDelivery } from "@/lib/webhooks/endpoints";
import { toDeliveryDto } from "@/lib/webhooks/dto";

export const POST = route(contract.resendWebhookDelivery, async ({ db, caller, params }) => ({
  delivery: toDeliveryDto(
    await resendEndpointDelivery(db, caller.workspaceId, params.id, params.deliveryId),
  ),
}));
