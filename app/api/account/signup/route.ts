import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/account";
import { clientIp } from "@/lib/api/client-ip";
import { createAccount } from "@/lib/auth/accounts";
import { enforceRateLimit, rateLimitRules } from "@/lib/auth/rate-limit";

export const POST = route(contract.signUp, async ({ req, db, body }) => {
  await enforceRateLimit(db, `signup:ip:${clientIp(req)}`, rateLimitRules.signup);
  return createAccount(db, body);
});
