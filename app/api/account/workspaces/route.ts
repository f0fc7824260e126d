import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/account";
import { listMemberships } from "@/lib/workspaces/membership";
import { createWorkspace } from "@/lib/workspaces/workspace";

export const GET = route(contract.listMyWorkspaces, async ({ db, caller }) => ({
  data: (await listMemberships(db, caller.id)).map((m) => ({
    id: m.workspaceId,
    name: m.workspaceName,
    role: m.role,
  })),
}));

export const POST = route(contract.createMyWorkspace, async ({ db, caller, body }) => {
  const ws = await createWorkspace(db, { userId: caller.id, name: body.name });
  return { workspace: { id: ws.id, name: ws.name, role: ws.role } };
});
