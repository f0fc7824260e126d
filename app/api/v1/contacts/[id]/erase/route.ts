import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { eraseContact } from "@/lib/contacts/erase";

export const POST = route(contract.eraseContact, async ({ db, caller, params }) =>
  eraseContact(db, { workspaceId: caller.workspaceId, id: params.id, actor: caller.actor }),
);
