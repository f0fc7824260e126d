import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/contacts";
import { toContactFieldDto } from "@/lib/contacts/dto";
import { deleteContactField, updateContactField } from "@/lib/contacts/field-definitions";

export const PATCH = route(contract.updateContactField, async ({ db, caller, params, body }) =>
  toContactFieldDto(
    await updateContactField(db, {
      workspaceId: caller.workspaceId,
      id: params.id,
      ...body,
      actor: caller.actor,
    }),
  ),
);

export const DELETE = route(contract.deleteContactField, async ({ db, caller, params }) => {
  await deleteContactField(db, {
    workspaceId: caller.workspaceId,
    id: params.id,
    actor: caller.actor,
  });
});
