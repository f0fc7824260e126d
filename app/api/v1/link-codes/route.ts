import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/events";
import { createLinkCode } from "@/lib/events/link";
import { recordJournal } from "@/lib/journal/record";

export const POST = route(contract.createLinkCode, async ({ db, caller, body }) => {
  const created = await createLinkCode(db, {
    workspaceId: caller.workspaceId,
    externalId: body.customer.externalId,
    phone: body.customer.phone,
    ttlMinutes: body.ttlMinutes,
  });
  await recordJournal(db, {
    workspaceId: caller.workspaceId,
    actor: caller.actor,
    kind: "link_code.created",
    data: { externalId: body.customer.externalId, expiresAt: created.expiresAt.toISOString() },
  });
  return { ...created, expiresAt: created.expiresAt.toISOString() };
});
