import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/bots";
import { deleteBot, getBot, updateBot } from "@/lib/bots/bots";
import { toBotDto } from "@/lib/bots/dto";

export const GET = route(contract.getBot, async ({ db, caller, params }) => ({
  bot: toBotDto(await getBot(db, caller.workspaceId, params.id)),
}));

export const PATCH = route(contract.updateBot, async ({ db, caller, params, body }) => ({
  bot: toBotDto(
    await updateBot(db, {
      workspaceId: caller.workspaceId,
      id: params.id,
      ...body,
      actor: caller.actor,
    }),
  ),
}));

export const DELETE = route(contract.deleteBot, async ({ db, caller, params }) => {
  await deleteBot(db, caller.workspaceId, params.id, caller.actor);
});
