import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { toInboxMessageDto } from "@/lib/inbox/dto";
import { listThread } from "@/lib/inbox/thread";

export const GET = route(
  contract.listConversationMessages,
  async ({ db, caller, params, query }) => {
    const { rows, nextBefore } = await listThread(db, caller.workspaceId, params.id, query);
    return { data: rows.map(toInboxMessageDto), nextBefore };
  },
);
