import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/api-keys";
import { createApiKey, listApiKeys } from "@/lib/api-keys/keys";
import { toApiKeyDto } from "@/lib/api-keys/dto";

export const GET = route(contract.listApiKeys, async ({ db, caller }) => ({
  data: (await listApiKeys(db, caller.workspaceId)).map(toApiKeyDto),
}));

export const POST = route(contract.createApiKey, async ({ db, caller, body }) => {
  const { key, row } = await createApiKey(db, {
    workspaceId: caller.workspaceId,
    name: body.name,
    role: body.role,
    actor: caller.actor,
    createdBy: caller.user?.id,
  });
  return { key, apiKey: toApiKeyDto(row) };
});
