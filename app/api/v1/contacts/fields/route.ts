import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { toContactFieldDto } from "@/lib/contacts/dto";
import { createContactField, listContactFields } from "@/lib/contacts/field-definitions";

export const GET = route(contract.listContactFields, async ({ db, caller }) => ({
  data: (await listContactFields(db, caller.workspaceId)).map(toContactFieldDto),
}));

export const POST = route(contract.createContactField, async ({ db, caller, body }) =>
  toContactFieldDto(
    await createContactField(db, { workspaceId: caller.workspaceId, ...body, actor: caller.actor }),
  ),
);
