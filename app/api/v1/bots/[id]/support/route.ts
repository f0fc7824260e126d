import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/bots";
import { getSupportSettings, updateSupportSettings } from "@/lib/inbox/support";

export const GET = route(contract.getBotSupport, async ({ db, caller, params }) => ({
  support: await getSupportSettings(db, caller.workspaceId, params.id),
}));

export const PATCH = route(contract.updateBotSupport, async ({ db, caller, params, body }) => ({
  support: await updateSupportSettings(db, {
    workspaceId: caller.workspaceId,
    botId: params.id,
    actor: caller.actor,
    changes: body,
  }),
}));
