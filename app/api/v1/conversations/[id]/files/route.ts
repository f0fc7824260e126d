import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { createFile, maxUploadBytes } from "@/lib/files/files";
import { TELEGRAM_UPLOAD_LIMIT } from "@/lib/files/telegram";
import { parseUploadRequest } from "@/lib/files/upload";
import { sendFileToConversation } from "@/lib/inbox/actions";
import { agentFor } from "@/lib/inbox/agent";
import { wakeSender } from "@/lib/jobs/sender";

export const POST = route(contract.sendConversationFile, async ({ req, db, caller, params }) => {
  // The headers first (415, 422, 413), then whose conversation it is, then the bytes.
  const upload = parseUploadRequest(req, Math.min(maxUploadBytes(), TELEGRAM_UPLOAD_LIMIT));
  const agent = await agentFor(db, caller, params.id);
  const file = await createFile(db, {
    workspaceId: caller.workspaceId,
    actor: caller.actor,
    ...upload,
  });
  const { queued } = await sendFileToConversation(db, agent, params.id, file);
  if (queued) wakeSender();
  return { file: { id: file.id, name: file.name, size: file.size } };
});
