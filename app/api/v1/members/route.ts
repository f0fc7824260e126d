import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/members";
import { toMemberDto } from "@/lib/workspaces/dto";
import { listMembers } from "@/lib/workspaces/members";

export const GET = route(contract.listMembers, async ({ db, caller }) => ({
  data: (await listMembers(db, caller.workspaceId)).map(toMemberDto),
}));
