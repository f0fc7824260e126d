import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { toSegmentDto } from "@/lib/contacts/dto";
import { createSegment, listSegments } from "@/lib/contacts/saved-segments";

export const GET = route(contract.listSegments, async ({ db, caller }) => ({
  data: (await listSegments(db, caller.workspaceId)).map(toSegmentDto),
}));

export const POST = route(contract.createSegment, async ({ db, caller, body }) =>
  toSegmentDto(
    await createSegment(db, { workspaceId: caller.workspaceId, ...body, actor: caller.actor }),
  ),
);
