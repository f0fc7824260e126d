import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/journal";
import { exportJournalCsv, journalExportFilename } from "@/lib/journal/export";

export const GET = route(
  contract.exportJournal,
  async ({ db, caller, query }) =>
    new Response(exportJournalCsv(db, caller.workspaceId, query), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${journalExportFilename()}"`,
        "cache-control": "no-store",
      },
    }),
);
