import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/events";
import { deleteEventType, toEventTypeDto, updateEventType } from "@/lib/events/event-types";

export const PATCH = route(contract.updateEventType, async ({ db, caller, params, body }) => ({
  eventType: toEventTypeDto(
    await updateEventType(db, caller.workspaceId, caller.actor, params.id, body),
  ),
}));

export const DELETE = route(contract.deleteEventType, async ({ db, caller, params }) => {
  await deleteEventType(db, caller.workspaceId, caller.actor, params.id);
});
