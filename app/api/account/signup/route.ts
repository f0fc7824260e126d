import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/account";
import { clientIp } from "@/lib/api/client-ip";
import { createAccount } from "@/lib/auth/accounts";
import { config } from "@/lib/config/env";
import { enforceRateLimit, rateLimitRules } from "@/lib/auth/rate-limit";

export const POST = route(contract.signUp, async ({ req, db, body }) => {
  await enforceRateLimit(db, `signup:ip:${clientIp(req)}`, {
    ...rateLimitRules.signup,
    limit: config().SIGNUP_LIMIT_PER_HOUR,
  });
  return createAccount(db, body);
});
