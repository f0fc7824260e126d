import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/alerts";
import { getAlertSettings, updateAlertSettings } from "@/lib/alerts/settings";

export const GET = route(contract.getAlertSettings, async ({ db, caller }) => ({
  settings: await getAlertSettings(db, caller.workspaceId),
}));

export const PUT = route(contract.updateAlertSettings, async ({ db, caller, body }) => ({
  settings: await updateAlertSettings(db, caller.workspaceId, body, caller.actor),
}));
