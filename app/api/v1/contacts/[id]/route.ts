import { route } from "@/lib/api/route";
import { ApiError } from "@/lib/api/errors";
import * as contract from "@/lib/api/contracts/contacts";
import { can } from "@/lib/auth/permissions";
import { toContactDetailDto } from "@/lib/contacts/dto";
import { getContact } from "@/lib/contacts/get";
import { updateContact } from "@/lib/contacts/update";

export const GET = route(contract.getContact, async ({ db, caller, params }) =>
  toContactDetailDto(await getContact(db, caller.workspaceId, params.id)),
);

export const PATCH = route(contract.updateContact, async ({ db, caller, params, body }) => {
  // Phone and external id link the person to the shop's own records (ERP events find them).
  if (
    (body.phone !== undefined || body.externalId !== undefined) &&
    !can(caller.role, "contacts.manage")
  )
    throw new ApiError(
      "forbidden",
      `Your role (${caller.role}) cannot change phone or external id`,
    );
  await updateContact(db, {
    workspaceId: caller.workspaceId,
    id: params.id,
    patch: body,
    actor: caller.actor,
  });
  return toContactDetailDto(await getContact(db, caller.workspaceId, params.id));
});
