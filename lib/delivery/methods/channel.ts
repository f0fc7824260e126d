import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { GrammyError, HttpError, type Api } from "grammy";
import { accessGrants } from "@/lib/db/schema";
import { RetryDelivery, type DeliveryMethodHandler, type MethodContext } from "../method";
import { buyerTexts, escapeHtml, formatUntil, htmlMessage } from "../messages";

/**
 * Private channel or group access (DESIGN.md, "Delivery and protection"). The buyer gets a
 * single-use invite link (member_limit 1, expiring after `inviteHours`) and an access_grant row
 * remembers it; the webhook records who joined with it (lib/delivery/access-join.ts) and the
 * sweep removes the member when the grant ends or is revoked (lib/delivery/access-sweep.ts).
 *
 * Links are plain member_limit links, not join requests: Telegram refuses member_limit together
 * with creates_join_request, and a link that admits one person needs no approval step.
 */

const day = 86_400_000;

/**
 * A subscription's access runs a day past its paid period, so a renewal that Stripe or Telegram
 * reports a little late never removes a paying member.
 */
export const subscriptionGraceMs = day;

/** The rights the bot needs: invite (the link) and restrict (removing the member at the end). */
const neededRights = ["can_invite_users", "can_restrict_members"] as const;

/** Telegram's 429, 5xx and network failures pass; its refusals (400, 403) are answers. */
export function isTransientTelegramError(err: unknown): boolean {
  if (err instanceof HttpError) return true;
  return err instanceof GrammyError && (err.error_code === 429 || err.error_code >= 500);
}

/** A bot's Telegram user id is the part of its token before the colon. */
export function botUserIdOf(api: Api): number {
  return Number(api.token.split(":")[0]);
}

/** The bot's missing rights in the chat ([] when it may invite and remove members). */
export async function missingChannelRights(api: Api, chatId: string): Promise<string[]> {
  const me = await api.getChatMember(chatId, botUserIdOf(api));
  if (me.status === "creator") return [];
  if (me.status !== "administrator") return ["administrator", ...neededRights];
  return neededRights.filter((right) => !me[right]);
}

/** A single-use link to the chat, named after the order so staff recognise it in Telegram. */
export async function createInvite(
  api: Api,
  input: { chatId: string; orderId: string; hours: number; now?: Date },
): Promise<{ link: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  // Telegram takes whole seconds.
  const expireDate = Math.floor(now.getTime() / 1000) + input.hours * 3600;
  const invite = await api.createChatInviteLink(input.chatId, {
    name: `Order ${input.orderId.slice(0, 8)}`,
    member_limit: 1,
    expire_date: expireDate,
  });
  return { link: invite.invite_link, expiresAt: new Date(expireDate * 1000) };
}

/** When access bought now ends: the period (plus grace) for subscriptions; null is for good. */
export function accessEndsAt(
  ctx: Pick<MethodContext, "product" | "settings" | "now">,
): Date | null {
  const start = ctx.now.getTime();
  if (ctx.product.kind === "subscription" && ctx.product.periodDays)
    return new Date(start + ctx.product.periodDays * day + subscriptionGraceMs);
  return ctx.settings.accessDays ? new Date(start + ctx.settings.accessDays * day) : null;
}

export const channelAccess: DeliveryMethodHandler = {
  async issue(ctx) {
    if (!ctx.settings.channelChatId)
      return {
        status: "failed",
        reason: "no_channel",
        buyerText: buyerTexts[ctx.locale].failed(ctx.order.title),
      };
    return { status: "external" };
  },

  /**
   * Checks the bot's rights, then creates the link. Safe to repeat: a retry after a crash makes
   * another link, and the unused one admits nobody (no one was sent it) and expires by itself.
   */
  async external({ api, settings, order }) {
    const chatId = settings.channelChatId;
    try {
      const missing = await missingChannelRights(api, chatId);
      if (missing.length) return { refused: "not_channel_admin", missing };
      const { link, expiresAt } = await createInvite(api, {
        chatId,
        orderId: order.id,
        hours: settings.inviteHours,
      });
      return { link, expiresAt: expiresAt.toISOString() };
    } catch (err) {
      if (isTransientTelegramError(err)) throw new RetryDelivery((err as Error).message);
      // "chat not found", "not enough rights", a bot no longer in the chat: the shop must fix it.
      if (err instanceof GrammyError)
        return { refused: "not_channel_admin", error: `${err.error_code} ${err.description}` };
      throw err;
    }
  },

  async finalize(ctx, external) {
    const t = buyerTexts[ctx.locale];
    if (typeof external.link !== "string" || typeof external.expiresAt !== "string") {
      const { refused: _, ...data } = external;
      return {
        status: "failed",
        reason: typeof external.refused === "string" ? external.refused : "external_failed",
        buyerText: t.notChannelAdmin(ctx.order.title),
        data: { chatId: ctx.settings.channelChatId, ...data },
      };
    }
    const endsAt = accessEndsAt(ctx);
    const [grant] = await ctx.tx
      .insert(accessGrants)
      .values({
        workspaceId: ctx.order.workspaceId,
        orderId: ctx.order.id,
        contactId: ctx.contact.id,
        productId: ctx.product.id,
        botId: ctx.order.botId,
        chatId: ctx.settings.channelChatId,
        inviteLink: external.link,
        startsAt: ctx.now,
        endsAt,
      })
      .returning({ id: accessGrants.id });
    const inviteUntil = new Date(external.expiresAt);
    return {
      status: "issued",
      messages: [
        htmlMessage(ctx.contact.channelUserId, [
          ctx.intro,
          escapeHtml(external.link),
          escapeHtml(t.inviteLink(formatUntil(inviteUntil, ctx.locale))),
          endsAt ? escapeHtml(t.accessUntil(formatUntil(endsAt, ctx.locale))) : "",
        ]),
      ],
      // Not delivery.expires_at: the download sweep would mark the delivery expired while the
      // access goes on. The link itself stays out too: whoever holds it can join.
      data: {
        grantId: grant!.id,
        chatId: ctx.settings.channelChatId,
        inviteExpiresAt: external.expiresAt,
        accessEndsAt: endsAt?.toISOString() ?? null,
      },
    };
  },

  /** Refunded: the sweep removes the member and revokes the link (lib/delivery/access-sweep.ts). */
  async revoke({ tx, order }) {
    await tx
      .update(accessGrants)
      .set({ revokedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(accessGrants.orderId, order.id), isNull(accessGrants.revokedAt)));
  },
};
