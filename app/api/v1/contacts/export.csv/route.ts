import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { contactsExportFilename, exportContactsCsv } from "@/lib/contacts/export";
import { filterFor } from "@/lib/contacts/saved-segments";

export const GET = route(contract.exportContacts, async ({ db, caller, query }) => {
  const filter = await filterFor(db, caller.workspaceId, query);
  return new Response(exportContactsCsv(db, caller.workspaceId, { filter, sort: query.sort }), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${contactsExportFilename()}"`,
      "cache-control": "no-store",
    },
  });
});
