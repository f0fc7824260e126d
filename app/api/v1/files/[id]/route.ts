import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/files";
import { deleteFile, getFile } from "@/lib/files/files";
import { toFileDto } from "@/lib/files/dto";

export const GET = route(contract.getFile, async ({ db, caller, params }) => ({
  file: toFileDto(await getFile(db, caller.workspaceId, params.id)),
}));

export const DELETE = route(contract.deleteFile, async ({ db, caller, params }) => {
  await deleteFile(db, { workspaceId: caller.workspaceId, id: params.id, actor: caller.actor });
});
