import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/broadcasts";
import { describeAudience } from "@/lib/broadcasts/audience";

export const POST = route(contract.describeBroadcastAudience, async ({ db, caller, body }) =>
  describeAudience(db, caller.workspaceId, body),
);
