import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/members";
import { toMemberDto } from "@/lib/workspaces/dto";
import { changeMemberRole, removeMember } from "@/lib/workspaces/members";

export const PATCH = route(contract.updateMember, async ({ db, caller, params, body }) => ({
  member: toMemberDto(
    await changeMemberRole(db, {
      workspaceId: caller.workspaceId,
      userId: params.id,
      role: body.role,
      caller,
    }),
  ),
}));

export const DELETE = route(contract.removeMember, async ({ db, caller, params }) => {
  await removeMember(db, { workspaceId: caller.workspaceId, userId: params.id, caller });
});
