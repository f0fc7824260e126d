import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/alerts";
import { listIncidents, toIncidentDto } from "@/lib/alerts/settings";

export const GET = route(contract.listIncidents, async ({ db, caller }) => ({
  data: (await listIncidents(db, caller.workspaceId)).map(toIncidentDto),
}));
