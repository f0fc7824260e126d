import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { releaseConversation } from "@/lib/inbox/actions";
import { agentFor } from "@/lib/inbox/agent";
import { wakeSender } from "@/lib/jobs/sender";

export const POST = route(contract.releaseConversation, async ({ db, caller, params, body }) => {
  const agent = await agentFor(db, caller, params.id);
  const result = await releaseConversation(db, agent, params.id, body);
  if (result.queued) wakeSender();
  return result;
});
