import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/members";
import { toInviteDto } from "@/lib/invites/dto";
import { revokeInvite } from "@/lib/invites/invites";

export const DELETE = route(contract.revokeInvite, async ({ db, caller, params }) => ({
  invite: toInviteDto(await revokeInvite(db, caller.workspaceId, params.id, caller.actor)),
}));
