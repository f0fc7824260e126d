import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { createCannedReply, listCannedReplies } from "@/lib/inbox/canned-replies";
import { toCannedReplyDto } from "@/lib/inbox/dto";

export const GET = route(contract.listCannedReplies, async ({ db, caller }) => ({
  data: (await listCannedReplies(db, caller.workspaceId)).map(toCannedReplyDto),
}));

export const POST = route(contract.createCannedReply, async ({ db, caller, body }) => ({
  reply: toCannedReplyDto(
    await createCannedReply(db, { workspaceId: caller.workspaceId, actor: caller.actor, ...body }),
  ),
}));
