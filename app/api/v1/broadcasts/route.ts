import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/broadcasts";
import { createBroadcast, listBroadcasts } from "@/lib/broadcasts/broadcasts";
import { toBroadcastDto, toBroadcastDtos } from "@/lib/broadcasts/dto";
import { completeFinishedBroadcasts } from "@/lib/broadcasts/progress";

export const GET = route(contract.listBroadcasts, async ({ db, caller }) => {
  await completeFinishedBroadcasts(db, caller.workspaceId);
  const rows = await listBroadcasts(db, caller.workspaceId);
  return { data: await toBroadcastDtos(db, caller.workspaceId, rows) };
});

export const POST = route(contract.createBroadcast, async ({ db, caller, body }) => {
  const row = await db.transaction((tx) =>
    createBroadcast(tx, { workspaceId: caller.workspaceId, actor: caller.actor, input: body }),
  );
  return { broadcast: await toBroadcastDto(db, caller.workspaceId, row) };
});
