import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/broadcasts";
import { controlBroadcast } from "@/lib/broadcasts/control";
import { toBroadcastDto } from "@/lib/broadcasts/dto";

export const POST = route(contract.cancelBroadcast, async ({ db, caller, params }) => {
  const row = await controlBroadcast(db, {
    workspaceId: caller.workspaceId,
    id: params.id,
    actor: caller.actor,
    action: "cancel",
  });

  return { broadcast: await toBroadcastDto(db, caller.workspaceId, row) };
});
