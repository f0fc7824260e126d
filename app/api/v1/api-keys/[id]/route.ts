import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/api-keys";
import { revokeApiKey } from "@/lib/api-keys/keys";
import { toApiKeyDto } from "@/lib/api-keys/dto";

export const DELETE = route(contract.revokeApiKey, async ({ db, caller, params }) => ({
  apiKey: toApiKeyDto(await revokeApiKey(db, caller.workspaceId, params.id, caller.actor)),
}));
