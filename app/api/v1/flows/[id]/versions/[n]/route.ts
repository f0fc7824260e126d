import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { iso } from "@/lib/api/contracts/common";
import { getFlowVersion } from "@/lib/flows/publish";

export const GET = route(contract.getFlowVersion, async ({ db, caller, params }) => {
  const version = await getFlowVersion(db, caller.workspaceId, params.id, params.n);
  return { ...version, publishedAt: iso(version.publishedAt) };
});
