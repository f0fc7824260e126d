import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { iso } from "@/lib/api/contracts/common";
import { publishFlow } from "@/lib/flows/publish";

export const POST = route(contract.publishFlow, async ({ db, caller, params, body }) => {
  const published = await publishFlow(db, {
    workspaceId: caller.workspaceId,
    flowId: params.id,
    baseRevision: body.baseRevision,
    actor: caller.actor,
    userId: caller.user?.id,
  });
  return {
    version: {
      n: published.n,
      fromRevision: published.fromRevision,
      publishedAt: iso(published.publishedAt),
    },
    warnings: published.warnings,
  };
});
