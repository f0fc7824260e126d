import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { deleteCannedReply, updateCannedReply } from "@/lib/inbox/canned-replies";
import { toCannedReplyDto } from "@/lib/inbox/dto";

export const PATCH = route(contract.updateCannedReply, async ({ db, caller, params, body }) => ({
  reply: toCannedReplyDto(
    await updateCannedReply(db, {
      workspaceId: caller.workspaceId,
      id: params.id,
      actor: caller.actor,
      changes: body,
    }),
  ),
}));

export const DELETE = route(contract.deleteCannedReply, async ({ db, caller, params }) => {
  await deleteCannedReply(db, {
    workspaceId: caller.workspaceId,
    id: params.id,
    actor: caller.actor,
  });
});
