import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { toContactDto } from "@/lib/contacts/dto";
import { countContacts, listContacts } from "@/lib/contacts/list";
import { filterFor } from "@/lib/contacts/saved-segments";

export const GET = route(contract.listContacts, async ({ db, caller, query }) => {
  const filter = await filterFor(db, caller.workspaceId, query);
  const [page, total] = await Promise.all([
    listContacts(db, caller.workspaceId, {
      filter,
      sort: query.sort,
      cursor: query.cursor,
      limit: query.limit,
    }),
    query.cursor ? null : countContacts(db, caller.workspaceId, filter),
  ]);
  return { data: page.rows.map(toContactDto), nextCursor: page.nextCursor, total };
});
