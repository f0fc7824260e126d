import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { toConversationSummaryDto } from "@/lib/inbox/dto";
import { countConversations, listConversations } from "@/lib/inbox/list";

export const GET = route(contract.listConversations, async ({ db, caller, query }) => {
  const userId = caller.user?.id ?? null;
  const [{ rows, nextCursor }, counts] = await Promise.all([
    listConversations(db, caller.workspaceId, userId, query),
    countConversations(db, caller.workspaceId, userId),
  ]);
  return { data: rows.map(toConversationSummaryDto), nextCursor, counts };
});
