import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { listPublishedVersions } from "@/lib/flows/publish";
import { toFlowVersionDto } from "@/lib/flows/dto";

export const GET = route(contract.listFlowVersions, async ({ db, caller, params }) => ({
  data: (await listPublishedVersions(db, caller.workspaceId, params.id)).map(toFlowVersionDto),
}));
