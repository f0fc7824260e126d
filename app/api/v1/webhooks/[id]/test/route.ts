import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/webhooks";
import { sendTestEvent } from "@/lib/webhooks/endpoints";
import { toDeliveryDto } from "@/lib/webhooks/dto";

export const POST = route(contract.sendTestWebhook, async ({ db, caller, params }) => ({
  delivery: toDeliveryDto(await sendTestEvent(db, caller.workspaceId, params.id)),
}));
