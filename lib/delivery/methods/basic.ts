import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { licenseKeys, products } from "@/lib/db/schema";
import { config } from "@/lib/config/env";
import { rowsOf } from "@/lib/db/rows";
import { hashToken, randomToken } from "@/lib/crypto/secrets";
import { recordJournal } from "@/lib/journal/record";
import type { DeliveryMethodHandler, MethodContext, Resend, ResendContext } from "../method";
import { buyerTexts, escapeHtml, formatUntil, htmlMessage } from "../messages";

/**
 * The methods that need nothing but the database: download links, a text secret, a key from
 * the pool and the built-in course page. Each issues inside the delivery's transaction.
 */

/** A fresh 256-bit token: the buyer gets the token, the row keeps its hash. */
export function newAccessToken(): { token: string; hash: string } {
  const token = randomToken(32);
  return { token, hash: hashToken(token) };
}

export function downloadUrl(token: string): string {
  return `${config().APP_URL}/d/${token}`;
}

export function coursePageUrl(token: string): string {
  return `${config().APP_URL}/c/${token}`;
}

function chat(ctx: MethodContext): string {
  return ctx.contact.channelUserId;
}

function linkMethod(maxUses: (ctx: MethodContext) => number): DeliveryMethodHandler {
  return {
    async issue(ctx) {
      if (!ctx.settings.fileId) return noFile(ctx);
      const { token, hash } = newAccessToken();
      const expiresAt = new Date(ctx.now.getTime() + ctx.settings.linkHours * 3_600_000);
      const uses = maxUses(ctx);
      const until = formatUntil(expiresAt, ctx.locale);
      const t = buyerTexts[ctx.locale];
      return {
        status: "issued",
        set: { tokenHash: hash, expiresAt, maxUses: uses, fileId: ctx.settings.fileId },
        messages: [
          htmlMessage(chat(ctx), [
            ctx.intro,
            escapeHtml(downloadUrl(token)),
            escapeHtml(uses === 1 ? t.oneTimeLink(until) : t.timedLink(uses, until)),
          ]),
        ],
        data: {
          expiresAt: expiresAt.toISOString(),
          maxUses: uses,
          stampPdf: ctx.settings.stampPdf,
        },
      };
    },
    resend: resendLink,
  };
}

/**
 * A link still valid gets a fresh token in place of the old one, which stops working; the
 * downloads left and the expiry carry over. A used-up or expired link stays so.
 */
async function resendLink(ctx: ResendContext): Promise<Resend> {
  const { delivery: d, now } = ctx;
  const t = buyerTexts[ctx.locale];
  const title = ctx.product.title;
  if (d.status === "expired" || (d.expiresAt && d.expiresAt <= now))
    return { outcome: "expired", lines: [escapeHtml(t.resendExpired(title))] };
  if (d.maxUses !== null && d.uses >= d.maxUses)
    return { outcome: "used_up", lines: [escapeHtml(t.resendUsedUp(title))] };
  const { token, hash } = newAccessToken();
  const until = d.expiresAt ? formatUntil(d.expiresAt, ctx.locale) : "";
  return {
    outcome: "resent",
    set: { tokenHash: hash },
    lines: [
      escapeHtml(downloadUrl(token)),
      escapeHtml(
        d.maxUses !== null && until ? t.linkLeft(d.maxUses - d.uses, until) : t.newPageLink,
      ),
    ],
  };
}

function noFile(ctx: MethodContext) {
  return {
    status: "failed" as const,
    reason: "no_file",
    buyerText: buyerTexts[ctx.locale].failed(ctx.order.title),
  };
}

export const oneTimeLink = linkMethod(() => 1);
export const timedLink = linkMethod((ctx) => ctx.settings.maxDownloads);

export const textSecret: DeliveryMethodHandler = {
  async issue(ctx) {
    if (!ctx.settings.secret.trim())
      return {
        status: "failed",
        reason: "no_secret",
        buyerText: buyerTexts[ctx.locale].failed(ctx.order.title),
      };
    return {
      status: "issued",
      messages: [htmlMessage(chat(ctx), [ctx.intro, escapeHtml(ctx.settings.secret)])],
    };
  },
  // The product's secret as it is now (the delivery keeps no copy of it).
  async resend(ctx) {
    const secret = ctx.settings.secret.trim();
    if (!secret)
      return {
        outcome: "no_secret",
        lines: [escapeHtml(buyerTexts[ctx.locale].resendAskShop(ctx.product.title))],
      };
    return { outcome: "resent", lines: [escapeHtml(ctx.settings.secret)] };
  },
};

/**
 * A key from the product's pool. Orders of one product take their keys one after another (the
 * product row is locked first), so each gets a different key (`license_key.order_id` is unique
 * besides), the stock written is exact, and the low-stock alert fires once, when the pool
 * crosses the threshold.
 */
export const licenseKey: DeliveryMethodHandler = {
  async issue(ctx) {
    const { tx, order, product } = ctx;
    const [locked] = await tx
      .select({ stock: products.stock })
      .from(products)
      .where(eq(products.id, product.id))
      // Not FOR UPDATE: that conflicts with the KEY SHARE locks the foreign keys of this
      // transaction's own inserts (delivery, order) hold on the row, and two orders deadlock.
      .for("no key update");
    const before = locked?.stock ?? null;
    const taken = await tx.execute<{ id: number; code: string }>(sql`
      update license_key set order_id = ${order.id}, assigned_at = now()
      where id = (
        select id from license_key
        where product_id = ${product.id} and order_id is null and revoked_at is null
        order by id limit 1
        for update skip locked
      )
      returning id, code`);
    const key = rowsOf<{ id: number; code: string }>(taken)[0];
    const left = await syncKeyStock(ctx);
    if (!key) {
      const refund = ctx.settings.outOfStock === "refund";
      const t = buyerTexts[ctx.locale];
      return {
        status: "failed",
        reason: "out_of_stock",
        refund,
        buyerText: refund ? t.outOfStockRefund(order.title) : t.outOfStockHold(order.title),
      };
    }
    const crossed = (limit: number) => (before ?? Infinity) > limit && left <= limit;
    if (crossed(ctx.settings.lowStockAt) || crossed(0))
      await recordJournal(tx, {
        workspaceId: order.workspaceId,
        actor: { type: "system" },
        kind: "stock.low",
        subjectId: product.id,
        data: { product: product.title, left },
      });
    return {
      status: "issued",
      messages: [htmlMessage(chat(ctx), [ctx.intro, `<code>${escapeHtml(key.code)}</code>`])],
      data: { licenseKeyId: Number(key.id) },
    };
  },
  async resend(ctx) {
    const [key] = await ctx.tx
      .select({ code: licenseKeys.code })
      .from(licenseKeys)
      .where(and(eq(licenseKeys.orderId, ctx.delivery.orderId), isNull(licenseKeys.revokedAt)));
    if (!key)
      return {
        outcome: "no_key",
        lines: [escapeHtml(buyerTexts[ctx.locale].resendAskShop(ctx.product.title))],
      };
    return { outcome: "resent", lines: [`<code>${escapeHtml(key.code)}</code>`] };
  },
  async revoke({ tx, order }) {
    await tx
      .update(licenseKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(licenseKeys.orderId, order.id), isNull(licenseKeys.revokedAt)));
  },
};

/** product.stock of a key product is the number of keys left to give. */
export async function syncKeyStock(ctx: {
  tx: MethodContext["tx"];
  product: Pick<MethodContext["product"], "id">;
}): Promise<number> {
  const [row] = await ctx.tx
    .update(products)
    .set({
      stock: sql`(select count(*)::int from license_key k
                  where k.product_id = ${ctx.product.id} and k.order_id is null
                    and k.revoked_at is null)`,
      updatedAt: sql`now()`,
    })
    .where(eq(products.id, ctx.product.id))
    .returning({ stock: products.stock });
  return row?.stock ?? 0;
}

/** The built-in course page: a link guarded by a token, showing the product's page content. */
export const coursePage: DeliveryMethodHandler = {
  async issue(ctx) {
    const { token, hash } = newAccessToken();
    return {
      status: "issued",
      set: { tokenHash: hash },
      messages: [htmlMessage(chat(ctx), [ctx.intro, escapeHtml(coursePageUrl(token))])],
    };
  },
};
