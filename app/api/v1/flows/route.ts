import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { createFlow, listFlows } from "@/lib/flows/flows";
import { toFlowDto } from "@/lib/flows/dto";

export const GET = route(contract.listFlows, async ({ db, caller, query }) => ({
  data: (await listFlows(db, caller.workspaceId, query.botId)).map(toFlowDto),
}));

export const POST = route(contract.createFlow, async ({ db, caller, body }) => ({
  flow: toFlowDto(
    await createFlow(db, {
      workspaceId: caller.workspaceId,
      botId: body.botId,
      name: body.name,
      template: body.template,
      locale: body.locale,
      actor: caller.actor,
    }),
  ),
}));
