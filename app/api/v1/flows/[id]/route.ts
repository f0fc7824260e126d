import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { deleteFlow, getFlow, renameFlow } from "@/lib/flows/flows";
import { toFlowDto } from "@/lib/flows/dto";

export const GET = route(contract.getFlow, async ({ db, caller, params }) => ({
  flow: toFlowDto(await getFlow(db, caller.workspaceId, params.id)),
}));

export const PATCH = route(contract.updateFlow, async ({ db, caller, params, body }) => ({
  flow: toFlowDto(
    await renameFlow(db, {
      workspaceId: caller.workspaceId,
      id: params.id,
      name: body.name,
      actor: caller.actor,
    }),
  ),
}));

export const DELETE = route(contract.deleteFlow, async ({ db, caller, params }) => {
  await deleteFlow(db, caller.workspaceId, params.id, caller.actor);
});
