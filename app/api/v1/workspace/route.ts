import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/workspace";
import { toWorkspaceDto } from "@/lib/workspaces/dto";
import { getWorkspace, renameWorkspace } from "@/lib/workspaces/workspace";

export const GET = route(contract.getWorkspace, async ({ db, caller }) => ({
  workspace: toWorkspaceDto(await getWorkspace(db, caller.workspaceId), caller.role),
}));

export const PATCH = route(contract.updateWorkspace, async ({ db, caller, body }) => ({
  workspace: toWorkspaceDto(
    await renameWorkspace(db, caller.workspaceId, body.name, caller.actor),
    caller.role,
  ),
}));
