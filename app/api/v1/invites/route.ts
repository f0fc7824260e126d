import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/members";
import { toInviteDto } from "@/lib/invites/dto";
import { createInvite, inviteUrl, listInvites } from "@/lib/invites/invites";

export const GET = route(contract.listInvites, async ({ db, caller }) => ({
  data: (await listInvites(db, caller.workspaceId)).map(toInviteDto),
}));

export const POST = route(contract.createInvite, async ({ db, caller, body }) => {
  const { token, row } = await createInvite(db, {
    workspaceId: caller.workspaceId,
    role: body.role,
    expiresInDays: body.expiresInDays,
    caller: { role: caller.role, actor: caller.actor, userId: caller.user?.id ?? null },
  });
  return { url: inviteUrl(token), invite: toInviteDto(row) };
});
