import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/lib/db";
import { accessGrants, contacts, journal, outbox } from "@/lib/db/schema";
import { journalGrant, messageBuyer, type Grant } from "./access";
import { escapeHtml } from "./messages";

/**
 * Someone joined a private channel or group with a grant's invite link (a `chat_member` update;
 * the bot receives them because it is an administrator and asks for them in allowed_updates).
 *
 * The buyer joining is recorded on the grant (memberUserId), so the sweep knows whom to remove
 * when access ends. Goods are for the buyer only: anyone else who joins with the link (it was
 * forwarded) is removed again (ban, then unban so they are not banned for good), the link is
 * revoked, staff see `access.joined_by_other`, and the buyer is told and, up to
 * `maxReissues` times, sent a new link by the sweep. Redelivered updates change nothing.
 */

const telegramUser = z.object({
  id: z.number().int(),
  first_name: z.string().optional(),
  username: z.string().optional(),
});
const member = z.object({
  status: z.string(),
  user: telegramUser,
  is_member: z.boolean().optional(),
});

export const chatMemberUpdateSchema = z.object({
  chat: z.object({ id: z.number().int(), type: z.string() }),
  date: z.number().int(),
  old_chat_member: member,
  new_chat_member: member,
  invite_link: z.object({ invite_link: z.string() }).optional(),
});
export type ChatMemberUpdate = z.infer<typeof chatMemberUpdateSchema>;

/** New links a buyer gets after their link let someone else in; then staff take over. */
export const maxReissues = 2;

function isIn(m: z.infer<typeof member>): boolean {
  if (m.status === "restricted") return m.is_member === true;
  return m.status === "member" || m.status === "administrator" || m.status === "creator";
}

/** Returns the outbox rows queued (the caller wakes the sender). */
export async function recordAccessJoin(
  tx: Tx,
  bot: { id: string },
  update: ChatMemberUpdate,
): Promise<number> {
  const link = update.invite_link?.invite_link;
  if (!link || !isIn(update.new_chat_member) || isIn(update.old_chat_member)) return 0;
  const [grant] = await tx
    .select()
    .from(accessGrants)
    .where(
      and(
        eq(accessGrants.botId, bot.id),
        eq(accessGrants.chatId, String(update.chat.id)),
        eq(accessGrants.inviteLink, link),
      ),
    )
    .for("update");
  if (!grant) return 0;
  const joiner = update.new_chat_member.user;
  const userId = String(joiner.id);
  if (grant.memberUserId === userId) return 0;
  const [buyer] = grant.contactId
    ? await tx
        .select({ userId: contacts.channelUserId })
        .from(contacts)
        .where(eq(contacts.id, grant.contactId))
    : [];
  const joinedAt = new Date(update.date * 1000);

  if (buyer?.userId === userId) {
    await tx
      .update(accessGrants)
      .set({
        memberUserId: userId,
        joinedAt,
        updatedAt: sql`now()`,
        // Joined after the sweep had ended the grant (the link was still open a moment): the
        // sweep removes them again.
        ...(grant.removedAt ? { removedAt: null } : {}),
      })
      .where(eq(accessGrants.id, grant.id));
    await journalGrant(tx, grant, "access.joined", { memberUserId: userId });
    return 0;
  }
  return removeOther(tx, grant, joiner, link);
}

async function removeOther(
  tx: Tx,
  grant: Grant,
  joiner: z.infer<typeof telegramUser>,
  link: string,
): Promise<number> {
  const userId = String(joiner.id);
  const [{ n: before } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(journal)
    .where(and(eq(journal.orderId, grant.orderId), eq(journal.kind, "access.joined_by_other")));
  const live =
    !grant.revokedAt &&
    !grant.removedAt &&
    !grant.memberUserId &&
    (!grant.endsAt || grant.endsAt.getTime() > Date.now());
  const reissue = live && before < maxReissues;
  await journalGrant(tx, grant, "access.joined_by_other", {
    userId,
    ...(joiner.username ? { username: joiner.username } : {}),
    ...(joiner.first_name ? { firstName: joiner.first_name } : {}),
    removed: true,
    reissue,
  });
  // Plain Bot API calls, in this order per chat, retried by the sender.
  const call = (key: string, method: string, params: Record<string, unknown>) => ({
    workspaceId: grant.workspaceId,
    botId: grant.botId,
    // No contact: a refusal here must not mark the buyer as having blocked the bot.
    contactId: null,
    kind: "telegram",
    payload: { method, params: { chat_id: grant.chatId, ...params } },
    idempotencyKey: `access:${grant.id}:other:${userId}:${key}`,
    priority: 0,
    chatId: grant.chatId,
  });
  const rows = await tx
    .insert(outbox)
    .values([
      call("ban", "banChatMember", { user_id: joiner.id }),
      call("unban", "unbanChatMember", { user_id: joiner.id, only_if_banned: true }),
      call("revoke", "revokeChatInviteLink", { invite_link: link }),
    ])
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  if (reissue)
    await tx
      .update(accessGrants)
      .set({ inviteLink: null, updatedAt: sql`now()` })
      .where(eq(accessGrants.id, grant.id));
  const told = await messageBuyer(tx, grant, `other:${userId}`, (t, b) => [
    escapeHtml(t.joinedByOther(b.title)),
    reissue ? "" : escapeHtml(t.askShopForLink),
  ]);
  return rows.length + told;
}
