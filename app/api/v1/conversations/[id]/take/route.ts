import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { notFound } from "@/lib/api/errors";
import { takeConversation } from "@/lib/inbox/actions";
import { agentFor } from "@/lib/inbox/agent";
import { toConversationSummaryDto } from "@/lib/inbox/dto";
import { findConversation } from "@/lib/inbox/list";

export const POST = route(contract.takeConversation, async ({ db, caller, params, body }) => {
  const agent = await agentFor(db, caller, params.id);
  await takeConversation(db, agent, params.id, { takeOver: body.takeOver });
  const row = await findConversation(db, caller.workspaceId, params.id);
  if (!row) throw notFound("Conversation");
  return { conversation: toConversationSummaryDto(row) };
});
