import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { invites } from "@/lib/db/schema";
import type { Role } from "@/lib/db/schema/accounts";
import { can } from "@/lib/auth/permissions";
import { config } from "@/lib/config/env";
import { hashToken, randomToken } from "@/lib/crypto/secrets";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";

export interface InviteRow {
  id: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export const inviteColumns = {
  id: invites.id,
  role: invites.role,
  createdAt: invites.createdAt,
  expiresAt: invites.expiresAt,
  acceptedAt: invites.acceptedAt,
  revokedAt: invites.revokedAt,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The page a token opens; the token itself is only ever in this URL, never stored. */
export function inviteUrl(token: string): string {
  return `${config().APP_URL}/invite/${token}`;
}

export async function listInvites(db: Executor, workspaceId: string): Promise<InviteRow[]> {
  return db
    .select(inviteColumns)
    .from(invites)
    .where(eq(invites.workspaceId, workspaceId))
    .orderBy(desc(invites.createdAt));
}

export async function createInvite(
  db: Db,
  input: {
    workspaceId: string;
    role: Role;
    expiresInDays: number;
    caller: { role: Role; actor: Actor; userId: string | null };
  },
): Promise<{ token: string; row: InviteRow }> {
  // An invite grants its role to whoever holds the link, so it is as strong as granting it directly.
  if (input.role === "owner" && !can(input.caller.role, "owners.manage")) {
    throw new ApiError("forbidden", "Only owners can invite owners");
  }
  const token = randomToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(invites)
      .values({
        workspaceId: input.workspaceId,
        role: input.role,
        tokenHash: hashToken(token),
        createdBy: input.caller.userId,
        expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
      })
      .returning(inviteColumns);
    if (!row) throw new Error("createInvite: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.caller.actor,
      kind: "invite.created",
      subjectId: row.id,
      data: { role: row.role, expiresAt: row.expiresAt.toISOString() },
    });
    return { token, row };
  });
}

export async function revokeInvite(
  db: Db,
  workspaceId: string,
  id: string,
  actor: Actor,
): Promise<InviteRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invites)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invites.id, id),
          eq(invites.workspaceId, workspaceId),
          isNull(invites.revokedAt),
          isNull(invites.acceptedAt),
        ),
      )
      .returning(inviteColumns);
    if (!row) {
      const [existing] = await tx
        .select(inviteColumns)
        .from(invites)
        .where(and(eq(invites.id, id), eq(invites.workspaceId, workspaceId)));
      if (!existing) throw notFound("Invite");
      if (existing.acceptedAt) {
        throw new ApiError(
          "conflict",
          "This invite has already been accepted; remove the member instead",
        );
      }
      return existing; // Already revoked: revoking again changes nothing.
    }
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "invite.revoked",
      subjectId: row.id,
      data: { role: row.role },
    });
    return row;
  });
}
