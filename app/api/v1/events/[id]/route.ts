import { route } from "@/lib/api/route";
import { notFound } from "@/lib/api/errors";
import * as contract from "@/lib/api/contracts/events";
import { eventView } from "@/lib/events/status";

export const GET = route(contract.getEvent, async ({ db, caller, params }) => {
  const event = await eventView(db, caller.workspaceId, params.id);
  if (!event) throw notFound("Event");
  return { event };
});
