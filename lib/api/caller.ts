import "server-only";
import type { Executor } from "@/lib/db";
import type { Role } from "@/lib/db/schema/accounts";
import { findActiveApiKey, looksLikeApiKey } from "@/lib/api-keys/keys";
import { parseCookies, sessionUserFromCookies, type SessionUser } from "@/lib/auth/session";
import { findMembership, listMemberships } from "@/lib/workspaces/membership";
import type { Actor } from "@/lib/journal/record";
import { ApiError } from "./errors";

/** The cookie the workspace switcher sets; the x-workspace-id header overrides it. */
export const WORKSPACE_COOKIE = "botshop_workspace";
export const WORKSPACE_HEADER = "x-workspace-id";

export interface WorkspaceCaller {
  workspaceId: string;
  role: Role;
  actor: Actor;
  /** Set when a person (not an API key) is calling. */
  user: SessionUser | null;
  apiKeyId: string | null;
}

function bearer(req: Request): string | null {
  const h = req.headers.get("authorization");
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  if (!m?.[1]) throw new ApiError("unauthorized", "Use 'Authorization: Bearer <API key>'");
  return m[1];
}

export async function resolveSessionUser(db: Executor, req: Request): Promise<SessionUser> {
  const user = await sessionUserFromCookies(db, req.headers.get("cookie"));
  if (!user) throw new ApiError("unauthorized", "Sign in to continue");
  return user;
}

/**
 * Session or API key → workspace. A workspace the caller does not belong to is reported as
 * not found, exactly like one that does not exist: ids of other shops are not confirmed.
 */
export async function resolveWorkspaceCaller(db: Executor, req: Request): Promise<WorkspaceCaller> {
  const requested =
    req.headers.get(WORKSPACE_HEADER) ??
    parseCookies(req.headers.get("cookie")).get(WORKSPACE_COOKIE);
  const key = bearer(req);
  if (key) {
    const found = looksLikeApiKey(key) ? await findActiveApiKey(db, key) : null;
    if (!found) throw new ApiError("unauthorized", "The API key is unknown or revoked");
    if (
      req.headers.get(WORKSPACE_HEADER) &&
      req.headers.get(WORKSPACE_HEADER) !== found.workspaceId
    ) {
      throw new ApiError("not_found", "Workspace not found");
    }
    return {
      workspaceId: found.workspaceId,
      role: found.role,
      actor: { type: "api_key", id: found.id },
      user: null,
      apiKeyId: found.id,
    };
  }

  const user = await resolveSessionUser(db, req);
  const membership =
    requested && isUuid(requested)
      ? await findMembership(db, user.id, requested)
      : requested
        ? null
        : ((await listMemberships(db, user.id))[0] ?? null);
  if (!membership) {
    if (requested && req.headers.get(WORKSPACE_HEADER) === null) {
      // A stale switcher cookie (removed from that workspace): fall back to the first one.
      const first = (await listMemberships(db, user.id))[0];
      if (first) return sessionCaller(user, first.workspaceId, first.role);
    }
    throw new ApiError("not_found", "Workspace not found");
  }
  return sessionCaller(user, membership.workspaceId, membership.role);
}

function sessionCaller(user: SessionUser, workspaceId: string, role: Role): WorkspaceCaller {
  return { workspaceId, role, actor: { type: "user", id: user.id }, user, apiKeyId: null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Cookie-authenticated writes must come from our own pages. JSON bodies already force a CORS
 * preflight; checking Origin closes the remaining gap (and costs nothing for API keys).
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ApiError("forbidden", "Cross-site request refused");
  }
  if (host && originHost !== host) throw new ApiError("forbidden", "Cross-site request refused");
}
