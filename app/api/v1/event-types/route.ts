import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/events";
import { createEventType, listEventTypes, toEventTypeDto } from "@/lib/events/event-types";

export const GET = route(contract.listEventTypes, async ({ db, caller }) => ({
  data: (await listEventTypes(db, caller.workspaceId)).map(toEventTypeDto),
}));

export const POST = route(contract.createEventType, async ({ db, caller, body }) => ({
  eventType: toEventTypeDto(await createEventType(db, caller.workspaceId, caller.actor, body)),
}));
