import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { getConversationCard } from "@/lib/inbox/card";
import { toConversationCardDto } from "@/lib/inbox/dto";

export const GET = route(contract.getConversation, async ({ db, caller, params }) =>
  toConversationCardDto(await getConversationCard(db, caller.workspaceId, params.id)),
);
