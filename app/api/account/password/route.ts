import { eq } from "drizzle-orm";
import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/account";
import { notFound } from "@/lib/api/errors";
import { changePassword } from "@/lib/auth/accounts";
import { sessionSetCookie } from "@/lib/auth/session-cookie";
import { users } from "@/lib/db/schema";

/** Other sessions end; this one is renewed so the user who changed the password stays signed in. */
export const POST = route(contract.changePassword, async ({ db, caller, body }) => {
  await changePassword(db, caller.id, body.currentPassword, body.newPassword);
  const [user] = await db.select().from(users).where(eq(users.id, caller.id));
  if (!user) throw notFound("User");
  return new Response(null, {
    status: 204,
    headers: { "set-cookie": await sessionSetCookie(user) },
  });
});
