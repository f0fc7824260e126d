import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/members";
import { clientIp } from "@/lib/api/client-ip";
import { iso } from "@/lib/api/contracts/common";
import { enforceRateLimit, rateLimitRules } from "@/lib/auth/rate-limit";
import { acceptInvite, previewInvite } from "@/lib/invites/redeem";

export const GET = route(contract.previewInvite, async ({ req, db, params }) => {
  await enforceRateLimit(db, `invite-preview:ip:${clientIp(req)}`, rateLimitRules.invitePreview);
  const invite = await previewInvite(db, params.token);
  return { ...invite, expiresAt: iso(invite.expiresAt) };
});

export const POST = route(contract.acceptInvite, async ({ db, caller, params }) =>
  acceptInvite(db, params.token, caller.id),
);
