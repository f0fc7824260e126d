import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/broadcasts";
import { toBroadcastDto } from "@/lib/broadcasts/dto";
import { startBroadcast } from "@/lib/broadcasts/start";
import { wakeSender } from "@/lib/jobs/sender";

export const POST = route(contract.startBroadcast, async ({ db, caller, params, body }) => {
  const row = await startBroadcast(db, {
    workspaceId: caller.workspaceId,
    id: params.id,
    actor: caller.actor,
    at: body.at ? new Date(body.at) : null,
  });
  // The first recipients are due now: do not wait for the sender's next poll.
  if (row.status === "sending") wakeSender();
  return { broadcast: await toBroadcastDto(db, caller.workspaceId, row) };
});
