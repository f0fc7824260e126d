import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { clientIpFrom } from "@/lib/api/client-ip";
import { authenticate } from "./accounts";
import { consumeRateLimit, rateLimitRules } from "./rate-limit";
import { signInInput } from "./schemas";
import { SESSION_MAX_AGE_SECONDS, sessionSecret } from "./session";

/** Error strings the sign-in form knows how to show. */
export const SIGN_IN_RATE_LIMITED = "rate_limited";

export function authOptions(): NextAuthOptions {
  return {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const parsed = signInInput.safeParse({
            email: credentials?.email,
            password: credentials?.password,
          });
          if (!parsed.success) return null;
          const db = await getDb();
          const headers = req?.headers ?? {};
          const ip = clientIpFrom((name) => {
            const value: unknown = headers[name];
            return typeof value === "string" ? value : undefined;
          });
          const waits = await Promise.all([
            consumeRateLimit(db, `login:email:${parsed.data.email}`, rateLimitRules.login),
            consumeRateLimit(db, `login:ip:${ip}`, {
              ...rateLimitRules.login,
              limit: rateLimitRules.login.limit * 5,
            }),
          ]);
          if (waits.some((w) => w > 0)) throw new Error(SIGN_IN_RATE_LIMITED);
          const user = await authenticate(db, parsed.data.email, parsed.data.password);
          if (!user) return null;
          return {
            id: user.id,
            email: user.email,
            name: user.name,
            pwd: user.passwordChangedAt.getTime(),
          };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && "pwd" in user && typeof user.pwd === "number") {
          token.sub = user.id;
          token.pwd = user.pwd;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) Object.assign(session.user, { id: token.sub });
        return session;
      },
    },
  };
}
