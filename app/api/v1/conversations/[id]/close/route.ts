import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { closeConversation } from "@/lib/inbox/actions";
import { agentFor } from "@/lib/inbox/agent";

export const POST = route(contract.closeConversation, async ({ db, caller, params }) => {
  await closeConversation(db, await agentFor(db, caller, params.id), params.id);
});
