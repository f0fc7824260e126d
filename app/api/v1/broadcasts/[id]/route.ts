import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/broadcasts";
import { deleteBroadcast, getBroadcast, updateBroadcast } from "@/lib/broadcasts/broadcasts";
import { toBroadcastDto } from "@/lib/broadcasts/dto";
import { clicksOf, completeFinishedBroadcasts } from "@/lib/broadcasts/progress";

export const GET = route(contract.getBroadcast, async ({ db, caller, params }) => {
  await completeFinishedBroadcasts(db, caller.workspaceId);
  const row = await getBroadcast(db, caller.workspaceId, params.id);
  return {
    broadcast: await toBroadcastDto(db, caller.workspaceId, row),
    clicks: await clicksOf(db, row),
  };
});

export const PATCH = route(contract.updateBroadcast, async ({ db, caller, params, body }) => {
  const row = await db.transaction((tx) =>
    updateBroadcast(tx, {
      workspaceId: caller.workspaceId,
      id: params.id,
      actor: caller.actor,
      input: body,
    }),
  );
  return { broadcast: await toBroadcastDto(db, caller.workspaceId, row) };
});

export const DELETE = route(contract.deleteBroadcast, async ({ db, caller, params }) => {
  await db.transaction((tx) =>
    deleteBroadcast(tx, { workspaceId: caller.workspaceId, id: params.id, actor: caller.actor }),
  );
});
