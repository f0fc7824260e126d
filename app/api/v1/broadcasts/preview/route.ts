import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/broadcasts";
import { previewBroadcast } from "@/lib/broadcasts/audience";

export const POST = route(contract.previewBroadcast, async ({ db, caller, body }) => ({
  call: await previewBroadcast(db, caller.workspaceId, body),
}));
