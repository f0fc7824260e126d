import "server-only";
import { and, eq, gt, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { GrammyError, type Api } from "grammy";
import type { Db } from "@/lib/db";
import { accessGrants, bots, products } from "@/lib/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { logger } from "@/lib/log";
import { telegramApi } from "@/lib/telegram/client";
import { journalGrant, messageBuyer, type Grant } from "./access";
import { escapeHtml, formatUntil } from "./messages";
import { createInvite, isTransientTelegramError } from "./methods/channel";
import { deliverySettingsSchema, resolveDelivery } from "./settings";

/**
 * The channel-access job, run every minute by every process (lib/startup/node.ts):
 *
 * 1. Grants that ended or were revoked lose their member: banChatMember then unbanChatMember
 *    with only_if_banned (removed, not banned for good, so they can come back after buying
 *    again), and the link is revoked. removedAt is set only after Telegram agreed, by a
 *    conditional UPDATE, so two processes journal and message once; a transient failure is
 *    retried next round. A refusal (the bot lost its rights) is recorded for staff.
 * 2. Grants ending within the product's reminderDays get one reminder (not subscriptions: they
 *    renew by themselves, and a cancelled one is told by endAccessAtPeriodEnd).
 * 3. Live grants without a link (renewed after removal, or the link let someone else in) get a
 *    new one; after a refusal, the next try waits an hour.
 *
 * Telegram is called outside any transaction; every write re-checks its condition.
 */

export interface SweepOptions {
  api?: (token: string) => Api;
  batch?: number;
}

export interface SweepResult {
  removed: number;
  reminded: number;
  relinked: number;
}

const defaultReminderDays = deliverySettingsSchema.parse({}).reminderDays;

export async function sweepAccess(db: Db, options: SweepOptions = {}): Promise<SweepResult> {
  const apiFor = options.api ?? telegramApi;
  const batch = options.batch ?? 100;
  const clients = new Map<string, Api>();
  const api = (token: string) => {
    let client = clients.get(token);
    if (!client) clients.set(token, (client = apiFor(decryptSecret(token))));
    return client;
  };
  return {
    removed: await removeEnded(db, api, batch),
    reminded: await remind(db, batch),
    relinked: await relink(db, api, batch),
  };
}

type GrantWithToken = { grant: Grant; token: string | null };

async function removeEnded(db: Db, api: (token: string) => Api, batch: number): Promise<number> {
  const due: GrantWithToken[] = await db
    .select({ grant: accessGrants, token: bots.tokenEncrypted })
    .from(accessGrants)
    .leftJoin(bots, eq(bots.id, accessGrants.botId))
    .where(
      and(
        isNull(accessGrants.removedAt),
        or(isNotNull(accessGrants.revokedAt), lte(accessGrants.endsAt, sql`now()`)),
      ),
    )
    .orderBy(accessGrants.endsAt)
    .limit(batch);
  let removed = 0;
  for (const { grant, token } of due) {
    let refusal: string | undefined;
    let linkError: string | undefined;
    if (!token) refusal = "the bot was deleted";
    else {
      const client = api(token);
      try {
        if (grant.memberUserId) {
          const userId = Number(grant.memberUserId);
          await client.banChatMember(grant.chatId, userId);
          await client.unbanChatMember(grant.chatId, userId, { only_if_banned: true });
        }
      } catch (err) {
        if (isTransientTelegramError(err) || !(err instanceof GrammyError)) {
          logger.warn({ err, grantId: grant.id }, "channel member removal will be retried");
          continue;
        }
        refusal = `${err.error_code} ${err.description}`;
      }
      if (grant.inviteLink && !refusal)
        try {
          await client.revokeChatInviteLink(grant.chatId, grant.inviteLink);
        } catch (err) {
          if (isTransientTelegramError(err) || !(err instanceof GrammyError)) continue;
          // An expired or already revoked link admits nobody anyway.
          linkError = `${err.error_code} ${err.description}`;
        }
    }
    if (await recordRemoval(db, grant, { refusal, linkError })) removed++;
  }
  return removed;
}

/** After Telegram: removedAt, the journal and the buyer's message, once across processes. */
async function recordRemoval(
  db: Db,
  grant: Grant,
  outcome: { refusal?: string; linkError?: string },
): Promise<boolean> {
  const sameMember = grant.memberUserId
    ? eq(accessGrants.memberUserId, grant.memberUserId)
    : isNull(accessGrants.memberUserId);
  return db.transaction(async (tx) => {
    const [ended] = await tx
      .update(accessGrants)
      .set({ removedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(accessGrants.id, grant.id),
          isNull(accessGrants.removedAt),
          or(isNotNull(accessGrants.revokedAt), lte(accessGrants.endsAt, sql`now()`)),
          // Someone joined meanwhile: the next round removes them too.
          sameMember,
        ),
      )
      .returning();
    if (!ended) {
      // Renewed while we were removing the member: the grant is live again, so the member
      // gets a new link (step 3) instead of staying out.
      if (grant.memberUserId && !outcome.refusal) {
        const [reopened] = await tx
          .update(accessGrants)
          .set({ memberUserId: null, joinedAt: null, inviteLink: null, updatedAt: sql`now()` })
          .where(
            and(
              eq(accessGrants.id, grant.id),
              isNull(accessGrants.removedAt),
              isNull(accessGrants.revokedAt),
              gt(accessGrants.endsAt, sql`now()`),
              sameMember,
            ),
          )
          .returning();
        if (reopened)
          await journalGrant(tx, reopened, "access.reopened", { reason: "renewed_during_removal" });
      }
      return false;
    }
    const reason = ended.revokedAt ? "revoked" : "ended";
    await journalGrant(tx, ended, "access.ended", {
      reason,
      memberUserId: ended.memberUserId,
      removed: !outcome.refusal && ended.memberUserId !== null,
      ...(outcome.linkError ? { linkError: outcome.linkError } : {}),
    });
    if (outcome.refusal)
      // The member may still be in the chat: staff must remove them by hand.
      await journalGrant(tx, ended, "access.remove_failed", {
        memberUserId: ended.memberUserId,
        error: outcome.refusal,
      });
    // A refunded buyer was told by the refund; one whose time ran out learns how to come back.
    if (reason === "ended")
      await messageBuyer(tx, ended, "ended", (t, b) => [escapeHtml(t.accessEnded(b.title))]);
    return true;
  });
}

async function remind(db: Db, batch: number): Promise<number> {
  const reminderDays = sql`case when jsonb_typeof(${products.delivery}->'reminderDays') = 'number'
    then (${products.delivery}->>'reminderDays')::int else ${defaultReminderDays} end`;
  const due = await db
    .select({ grant: accessGrants })
    .from(accessGrants)
    .leftJoin(products, eq(products.id, accessGrants.productId))
    .where(
      and(
        isNull(accessGrants.removedAt),
        isNull(accessGrants.revokedAt),
        isNull(accessGrants.remindedAt),
        gt(accessGrants.endsAt, sql`now()`),
        sql`${accessGrants.endsAt} <= now() + make_interval(days => ${reminderDays})`,
        sql`${products.kind} is distinct from 'subscription'`,
      ),
    )
    .orderBy(accessGrants.endsAt)
    .limit(batch);
  let reminded = 0;
  for (const { grant } of due) {
    const endsAt = grant.endsAt!;
    const sent = await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(accessGrants)
        .set({ remindedAt: sql`now()`, updatedAt: sql`now()` })
        .where(
          and(
            eq(accessGrants.id, grant.id),
            isNull(accessGrants.remindedAt),
            isNull(accessGrants.removedAt),
            isNull(accessGrants.revokedAt),
          ),
        )
        .returning();
      if (!claimed) return false;
      await journalGrant(tx, claimed, "access.reminded", { endsAt: endsAt.toISOString() });
      await messageBuyer(tx, claimed, `remind:${endsAt.getTime()}`, (t, b) => [
        escapeHtml(t.accessReminder(b.title, formatUntil(endsAt, b.locale))),
      ]);
      return true;
    });
    if (sent) reminded++;
  }
  return reminded;
}

async function relink(db: Db, api: (token: string) => Api, batch: number): Promise<number> {
  const live = and(
    isNull(accessGrants.inviteLink),
    isNull(accessGrants.memberUserId),
    isNull(accessGrants.removedAt),
    isNull(accessGrants.revokedAt),
    or(isNull(accessGrants.endsAt), gt(accessGrants.endsAt, sql`now()`)),
  );
  const due = await db
    .select({ grant: accessGrants, token: bots.tokenEncrypted, product: products })
    .from(accessGrants)
    .innerJoin(bots, eq(bots.id, accessGrants.botId))
    .leftJoin(products, eq(products.id, accessGrants.productId))
    .where(
      and(
        live,
        sql`not exists (select 1 from journal j where j.order_id = ${accessGrants.orderId}
              and j.kind = 'access.link_failed' and j.at > now() - interval '1 hour')`,
      ),
    )
    .limit(batch);
  let relinked = 0;
  for (const { grant, token, product } of due) {
    const hours = product
      ? resolveDelivery(product.kind, product.delivery).inviteHours
      : deliverySettingsSchema.parse({}).inviteHours;
    const client = api(token);
    let invite: Awaited<ReturnType<typeof createInvite>>;
    try {
      invite = await createInvite(client, {
        chatId: grant.chatId,
        orderId: grant.orderId,
        hours,
      });
    } catch (err) {
      if (isTransientTelegramError(err) || !(err instanceof GrammyError)) continue;
      await journalGrant(db, grant, "access.link_failed", {
        error: `${err.error_code} ${err.description}`,
      });
      continue;
    }
    const sent = await db.transaction(async (tx) => {
      const [linked] = await tx
        .update(accessGrants)
        .set({ inviteLink: invite.link, updatedAt: sql`now()` })
        .where(and(eq(accessGrants.id, grant.id), live))
        .returning();
      if (!linked) return false;
      await journalGrant(tx, linked, "access.link_issued", {
        inviteExpiresAt: invite.expiresAt.toISOString(),
      });
      await messageBuyer(tx, linked, `link:${invite.expiresAt.getTime()}`, (t, b) => [
        escapeHtml(t.newInviteLink(b.title)),
        escapeHtml(invite.link),
        escapeHtml(t.inviteLink(formatUntil(invite.expiresAt, b.locale))),
        linked.endsAt ? escapeHtml(t.accessUntil(formatUntil(linked.endsAt, b.locale))) : "",
      ]);
      return true;
    });
    if (sent) relinked++;
    // Someone else linked or ended it meanwhile: this link must not stay usable.
    else await client.revokeChatInviteLink(grant.chatId, invite.link).catch(() => undefined);
  }
  return relinked;
}
