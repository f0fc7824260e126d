import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/webhooks";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints";
import { toEndpointDto } from "@/lib/webhooks/dto";

export const GET = route(contract.getWebhookEndpoint, async ({ db, caller, params }) => ({
  endpoint: toEndpointDto(await getEndpoint(db, caller.workspaceId, params.id)),
}));

export const PATCH = route(
  contract.updateWebhookEndpoint,
  async ({ db, caller, params, body }) => ({
    endpoint: toEndpointDto(
      await updateEndpoint(db, {
        workspaceId: caller.workspaceId,
        id: params.id,
        patch: body,
        actor: caller.actor,
      }),
    ),
  }),
);

export const DELETE = route(contract.deleteWebhookEndpoint, async ({ db, caller, params }) => {
  await deleteEndpoint(db, caller.workspaceId, params.id, caller.actor);
});
