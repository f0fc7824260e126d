import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { listFlowVersions } from "@/lib/flows/flows";
import { toFlowVersionDto } from "@/lib/flows/dto";

export const GET = route(contract.listFlowVersions, async ({ db, caller, params }) => ({
  data: (await listFlowVersions(db, caller.workspaceId, params.id)).map(toFlowVersionDto),
}));
