import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/webhooks";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/endpoints";
import { toEndpointDto } from "@/lib/webhooks/dto";

export const GET = route(contract.listWebhookEndpoints, async ({ db, caller }) => ({
  data: (await listEndpoints(db, caller.workspaceId)).map(toEndpointDto),
}));

export const POST = route(contract.createWebhookEndpoint, async ({ db, caller, body }) => {
  const { row, secret } = await createEndpoint(db, {
    workspaceId: caller.workspaceId,
    endpoint: body,
    actor: caller.actor,
  });
  return { endpoint: toEndpointDto(row), secret };
});
