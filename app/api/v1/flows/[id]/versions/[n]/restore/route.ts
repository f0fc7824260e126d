import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/flows";
import { restoreVersionToDraft } from "@/lib/flows/publish";

export const POST = route(contract.restoreFlowVersion, async ({ db, caller, params }) =>
  restoreVersionToDraft(db, {
    workspaceId: caller.workspaceId,
    flowId: params.id,
    n: params.n,
    actor: caller.actor,
  }),
);
