import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/files";
import { createFile, listFiles, maxUploadBytes } from "@/lib/files/files";
import { toFileDto } from "@/lib/files/dto";
import { parseUploadRequest } from "@/lib/files/upload";

export const GET = route(contract.listFiles, async ({ db, caller }) => ({
  data: (await listFiles(db, caller.workspaceId)).map(toFileDto),
  maxUploadBytes: maxUploadBytes(),
}));

export const POST = route(contract.uploadFile, async ({ req, db, caller }) => {
  const upload = parseUploadRequest(req, maxUploadBytes());
  const file = await createFile(db, {
    workspaceId: caller.workspaceId,
    actor: caller.actor,
    ...upload,
  });
  return { file: toFileDto(file) };
});
