import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/broadcasts";
import { listSegments } from "@/lib/broadcasts/audience";

export const GET = route(contract.listBroadcastSegments, async ({ db, caller }) => ({
  data: await listSegments(db, caller.workspaceId),
}));
