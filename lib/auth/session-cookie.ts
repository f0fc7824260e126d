import "server-only";
import { encode } from "next-auth/jwt";
import { config } from "@/lib/config/env";
import {
  SESSION_MAX_AGE_SECONDS,
  sessionCookieName,
  sessionSecret,
  type SessionClaims,
} from "./session";

/**
 * A Set-Cookie value carrying a fresh next-auth session for the user, with the attributes
 * next-auth itself uses. Needed after a password change: the change invalidates every session
 * issued before it, and the user who made it should stay signed in.
 */
export async function sessionSetCookie(user: {
  id: string;
  name: string;
  email: string;
  passwordChangedAt: Date;
}): Promise<string> {
  const claims: SessionClaims = {
    sub: user.id,
    pwd: user.passwordChangedAt.getTime(),
    name: user.name,
    email: user.email,
  };
  const token = await encode({
    token: claims,
    secret: sessionSecret(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const secure = config().APP_URL.startsWith("https://") ? "; Secure" : "";
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure}`;
}
