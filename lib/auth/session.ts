import "server-only";
import { decode, encode, type JWT } from "next-auth/jwt";
import { eq } from "drizzle-orm";
import { config } from "@/lib/config/env";
import { derivedKey } from "@/lib/crypto/secrets";
import type { Executor } from "@/lib/db";
import { users } from "@/lib/db/schema";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function sessionSecret(): string {
  return derivedKey("next-auth");
}

/** next-auth's cookie name: the __Secure- variant when the app is served over HTTPS. */
export function sessionCookieName(): string {
  return config().APP_URL.startsWith("https://")
    ? "__Secure-next-auth.session-token"
    : "next-auth.session-token";
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string;
}

/** Our claims inside next-auth's encrypted JWT. */
export interface SessionClaims extends JWT {
  sub: string;
  /** passwordChangedAt in ms: sessions issued before a password change stop working. */
  pwd: number;
}

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

/** next-auth splits cookies over 4 KB into name.0, name.1, …; ours are small, but be exact. */
function readSessionCookie(cookies: Map<string, string>): string | undefined {
  const name = sessionCookieName();
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
  return chunks.length ? chunks.join("") : undefined;
}

export async function sessionUserFromCookies(
  db: Executor,
  cookieHeader: string | null | undefined,
): Promise<SessionUser | null> {
  const token = readSessionCookie(parseCookies(cookieHeader));
  if (!token) return null;
  let claims: JWT | null;
  try {
    claims = await decode({ token, secret: sessionSecret() });
  } catch {
    return null;
  }
  if (!claims?.sub || typeof claims.pwd !== "number") return null;
  const [user] = await db.select().from(users).where(eq(users.id, claims.sub));
  if (!user || user.passwordChangedAt.getTime() > claims.pwd) return null;
  return { id: user.id, email: user.email, name: user.name, locale: user.locale };
}

/** A session cookie value for a user: used by tests and the e2e fixtures to skip the form. */
export async function mintSessionToken(user: {
  id: string;
  passwordChangedAt: Date;
}): Promise<string> {
  const claims: SessionClaims = { sub: user.id, pwd: user.passwordChangedAt.getTime() };
  return encode({ token: claims, secret: sessionSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}
