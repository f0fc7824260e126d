import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/alerts";
import { sendTestAlert } from "@/lib/alerts/settings";

export const POST = route(contract.sendTestAlert, ({ db, caller }) =>
  sendTestAlert(db, caller.workspaceId, caller.actor),
);
