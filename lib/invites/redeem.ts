import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { invites, members, workspaces } from "@/lib/db/schema";
import type { Role } from "@/lib/db/schema/accounts";
import { hashToken } from "@/lib/crypto/secrets";
import { ApiError } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { inviteStatus } from "./dto";

interface TokenInvite {
  id: string;
  workspaceId: string;
  workspaceName: string;
  role: Role;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
}

async function findByToken(db: Executor, token: string): Promise<TokenInvite | null> {
  const [row] = await db
    .select({
      id: invites.id,
      workspaceId: invites.workspaceId,
      workspaceName: workspaces.name,
      role: invites.role,
      expiresAt: invites.expiresAt,
      acceptedAt: invites.acceptedAt,
      acceptedBy: invites.acceptedBy,
      revokedAt: invites.revokedAt,
    })
    .from(invites)
    .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
    .where(eq(invites.tokenHash, hashToken(token)));
  return row ?? null;
}

/**
 * Why a link cannot be used, as a 404: the messages tell the holder what to do next and say
 * nothing about the workspace behind a link that no longer works.
 */
function unknownLink(): ApiError {
  return new ApiError(
    "not_found",
    "This invite link is not valid. Check that you copied all of it.",
  );
}

function unusable(invite: TokenInvite): ApiError | null {
  switch (inviteStatus(invite)) {
    case "accepted":
      return new ApiError(
        "not_found",
        "This invite link has already been used. Ask for a new one.",
      );
    case "revoked":
      return new ApiError("not_found", "This invite link was withdrawn. Ask for a new one.");
    case "expired":
      return new ApiError("not_found", "This invite link has expired. Ask for a new one.");
    case "pending":
      return null;
  }
}

/** What a link offers, shown before the visitor signs in or signs up. */
export async function previewInvite(
  db: Executor,
  token: string,
): Promise<{ workspaceName: string; role: Role; expiresAt: Date }> {
  const invite = await findByToken(db, token);
  if (!invite) throw unknownLink();
  const refusal = unusable(invite);
  if (refusal) throw refusal;
  return { workspaceName: invite.workspaceName, role: invite.role, expiresAt: invite.expiresAt };
}

/**
 * Joins the invite's workspace. The link is consumed by a conditional UPDATE, so of two
 * concurrent accepts exactly one wins; the membership is added in the same transaction, so
 * a failure leaves the link unused.
 */
export async function acceptInvite(
  db: Db,
  token: string,
  userId: string,
): Promise<{ workspaceId: string; role: Role }> {
  return db.transaction(async (tx) => {
    const invite = await findByToken(tx, token);
    if (invite) {
      const [already] = await tx
        .select({ role: members.role })
        .from(members)
        .where(and(eq(members.workspaceId, invite.workspaceId), eq(members.userId, userId)));
      if (already) {
        throw new ApiError("conflict", `You are already a member of ${invite.workspaceName}`);
      }
    }
    const now = new Date();
    const [consumed] = await tx
      .update(invites)
      .set({ acceptedAt: now, acceptedBy: userId })
      .where(
        and(
          eq(invites.tokenHash, hashToken(token)),
          isNull(invites.acceptedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, now),
        ),
      )
      .returning({ id: invites.id, workspaceId: invites.workspaceId, role: invites.role });
    if (!consumed) {
      // Lost a race, or the link was never usable: report the state as it is now.
      const current = await findByToken(tx, token);
      if (current?.acceptedBy === userId) {
        throw new ApiError("conflict", `You are already a member of ${current.workspaceName}`);
      }
      if (!current) throw unknownLink();
      throw (
        unusable(current) ??
        new ApiError("conflict", "This invite link changed while you were accepting it. Try again.")
      );
    }
    const inserted = await tx
      .insert(members)
      .values({ workspaceId: consumed.workspaceId, userId, role: consumed.role })
      .onConflictDoNothing()
      .returning({ userId: members.userId });
    if (inserted.length === 0) {
      // Joined through another link in the meantime; throwing rolls the consumption back.
      throw new ApiError("conflict", "You are already a member of this workspace");
    }
    const actor: Actor = { type: "user", id: userId };
    await recordJournal(tx, {
      workspaceId: consumed.workspaceId,
      actor,
      kind: "invite.accepted",
      subjectId: consumed.id,
      data: { role: consumed.role },
    });
    await recordJournal(tx, {
      workspaceId: consumed.workspaceId,
      actor,
      kind: "member.joined",
      subjectId: userId,
      data: { role: consumed.role, inviteId: consumed.id },
    });
    return { workspaceId: consumed.workspaceId, role: consumed.role };
  });
}
