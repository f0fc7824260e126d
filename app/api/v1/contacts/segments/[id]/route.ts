import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { toSegmentDto } from "@/lib/contacts/dto";
import { deleteSegment, getSegment, updateSegment } from "@/lib/contacts/saved-segments";

export const GET = route(contract.getSegment, async ({ db, caller, params }) =>
  toSegmentDto(await getSegment(db, caller.workspaceId, params.id)),
);

export const PATCH = route(contract.updateSegment, async ({ db, caller, params, body }) =>
  toSegmentDto(
    await updateSegment(db, {
      workspaceId: caller.workspaceId,
      id: params.id,
      ...body,
      actor: caller.actor,
    }),
  ),
);

export const DELETE = route(contract.deleteSegment, async ({ db, caller, params }) => {
  await deleteSegment(db, { workspaceId: caller.workspaceId, id: params.id, actor: caller.actor });
});
