import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { markConversationRead } from "@/lib/inbox/actions";
import { agentFor } from "@/lib/inbox/agent";

export const POST = route(contract.markConversationRead, async ({ db, caller, params }) => {
  await markConversationRead(db, await agentFor(db, caller, params.id), params.id);
});
