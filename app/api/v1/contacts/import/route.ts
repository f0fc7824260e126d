import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { importContacts } from "@/lib/contacts/import";

export const POST = route(contract.importContacts, async ({ db, caller, query, body }) =>
  importContacts(db, {
    workspaceId: caller.workspaceId,
    rows: body.rows,
    dryRun: query.dryRun === "true",
    actor: caller.actor,
  }),
);
