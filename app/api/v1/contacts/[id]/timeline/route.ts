import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { toTimelineItemDto } from "@/lib/contacts/dto";
import { contactTimeline } from "@/lib/contacts/timeline";

export const GET = route(contract.contactTimeline, async ({ db, caller, params, query }) => {
  const page = await contactTimeline(db, caller.workspaceId, params.id, query);
  return { data: page.items.map(toTimelineItemDto), nextCursor: page.nextCursor };
});
