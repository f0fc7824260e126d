import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/workspace";
import { toWorkspaceDto } from "@/lib/workspaces/dto";
import { getWorkspace, renameWorkspace, setWorkspaceTimeZone } from "@/lib/workspaces/workspace";

export const GET = route(contract.getWorkspace, async ({ db, caller }) => ({
  workspace: toWorkspaceDto(await getWorkspace(db, caller.workspaceId), caller.role),
}));

export const PATCH = route(contract.updateWorkspace, async ({ db, caller, body }) => {
  let row = await getWorkspace(db, caller.workspaceId);
  if (body.name !== undefined) row = await renameWorkspace(db, row.id, body.name, caller.actor);
  if (body.timeZone !== undefined)
    row = await setWorkspaceTimeZone(db, row.id, body.timeZone, caller.actor);
  return { workspace: toWorkspaceDto(row, caller.role) };
});
