import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { iso } from "@/lib/api/contracts/common";
import { getFunnel } from "@/lib/analytics/funnel";

export const GET = route(contract.getFlowFunnel, async ({ db, caller, params, query }) => {
  const { version: which } = query;
  const funnel = await getFunnel(
    db,
    caller.workspaceId,
    params.id,
    which === undefined ? undefined : typeof which === "number" ? { n: which } : { id: which },
  );
  return {
    ...funnel,
    version: funnel.version && { ...funnel.version, publishedAt: iso(funnel.version.publishedAt) },
  };
});
