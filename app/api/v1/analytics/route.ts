import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/analytics";
import { dashboardFigures } from "@/lib/analytics/dashboard";

export const GET = route(contract.getAnalytics, ({ db, caller, query }) =>
  dashboardFigures(db, caller.workspaceId, query),
);
