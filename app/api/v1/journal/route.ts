import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/journal";
import { toJournalEntryDto } from "@/lib/journal/dto";
import { listJournal } from "@/lib/journal/query";

export const GET = route(contract.listJournal, async ({ db, caller, query }) => {
  const { entries, nextCursor, kinds } = await listJournal(db, caller.workspaceId, query);
  return { data: entries.map(toJournalEntryDto), nextCursor, kinds };
});
