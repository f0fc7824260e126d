import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { createAccount } from "@/lib/auth/accounts";
import { mintSessionToken, sessionCookieName } from "@/lib/auth/session";
import { createApiKey } from "@/lib/api-keys/keys";
import type { RouteContext } from "@/lib/api/route";

export type RouteHandler = (req: Request, ctx: RouteContext) => Promise<Response>;

export interface CallOptions {
  method?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
}

/** Calls a route handler exactly as Next.js would: a Request and a params promise. */
export async function call(
  handler: RouteHandler,
  path: string,
  opts: CallOptions = {},
): Promise<Response> {
  const url = new URL(path, "http://localhost:3000");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(opts.headers);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new Request(url, { method: opts.method ?? "GET", headers, body });
  return handler(req, { params: Promise.resolve(opts.params ?? {}) });
}

export interface TestAccount {
  userId: string;
  workspaceId: string;
  email: string;
  password: string;
  /** Headers that authenticate as this user through the session cookie. */
  session: Record<string, string>;
  /** Headers that authenticate with a fresh admin API key of the workspace. */
  apiKey: Record<string, string>;
  apiKeyId: string;
}

let counter = 0;

/** Signs up a user with a workspace, and gives both a session cookie and an API key. */
export async function createTestAccount(db: Db, name = "Owner"): Promise<TestAccount> {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, "")}${counter}-${Date.now()}@example.com`;
  const password = "correct horse battery";
  const { userId, workspaceId } = await createAccount(db, {
    name,
    email,
    password,
    workspaceName: `${name}'s shop`,
  });
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const token = await mintSessionToken(user!);
  const { key, row } = await createApiKey(db, {
    workspaceId,
    name: "test",
    role: "admin",
    actor: { type: "user", id: userId },
  });
  return {
    userId,
    workspaceId,
    email,
    password,
    session: { cookie: `${sessionCookieName()}=${token}` },
    apiKey: { authorization: `Bearer ${key}` },
    apiKeyId: row.id,
  };
}
