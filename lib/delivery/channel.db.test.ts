import { and, desc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessGrants, deliveries, journal, orders, outbox, products } from "@/lib/db/schema";
import { sweepAccess } from "@/lib/delivery/access-sweep";
import { refundOrder } from "@/lib/payments/refund";
import { useTestDatabase } from "@/test/db";
import {
  chatMemberUpdate,
  messageUpdate,
  successfulPaymentUpdate,
  type PushableUpdate,
} from "@/test/fakes/telegram";
import { deliveryFlow } from "@/test/payments";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { useFakeTelegram } from "@/test/telegram";

/*
 * Channel access end to end: a Stars payment through the real webhook route, the deliver node
 * creating a single-use invite link in the fake Telegram, the buyer joining (a chat_member
 * update through the same route), and the sweep removing members when access ends or is
 * refunded, reminding before the end and sending new links.
 */

const day = 86_400_000;

describe("channel access", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let updateId = 19_000;
  let buyerChat = 19_100;
  let channel = -1_001_000_000_000;
  let flowId: string | undefined;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
  });

  const send = (update: PushableUpdate) => shop.deliver({ ...update, update_id: ++updateId });

  async function channelProduct(
    values: Partial<typeof products.$inferInsert> = {},
    delivery: Record<string, unknown> = {},
  ) {
    const chatId = --channel;
    const [row] = await db()
      .insert(products)
      .values({
        workspaceId: shop.workspaceId,
        title: "Insiders",
        priceMinor: 50,
        currency: "XTR",
        kind: "channel",
        ...values,
        delivery: { channelChatId: String(chatId), accessDays: 30, inviteHours: 12, ...delivery },
      })
      .returning();
    return { product: row!, chatId };
  }

  /** A new buyer pays for the product with Stars; the deliver node runs. */
  async function buy(productId: string, charge?: string) {
    ({ flowId } = await shop.publish(deliveryFlow(productId), flowId));
    const buyer = ++buyerChat;
    await send(messageUpdate({ chatId: buyer, text: "/start" }));
    await shop.drain();
    const [order] = await db()
      .select()
      .from(orders)
      .where(and(eq(orders.productId, productId), eq(orders.status, "pending")))
      .orderBy(desc(orders.createdAt))
      .limit(1);
    const payment = successfulPaymentUpdate({
      chatId: buyer,
      currency: "XTR",
      totalAmount: order!.amountMinor,
      payload: order!.id,
      telegramPaymentChargeId: charge ?? `stx-${order!.id}`,
    });
    await send(payment);
    await shop.drain();
    return { buyer, order: order!, payment };
  }

  const grantOf = async (orderId: string) =>
    (await db().select().from(accessGrants).where(eq(accessGrants.orderId, orderId)))[0];

  const kindsFor = async (orderId: string) =>
    (
      await db()
        .select({ kind: journal.kind, data: journal.data })
        .from(journal)
        .where(eq(journal.orderId, orderId))
        .orderBy(journal.at)
    ).map((e) => e.kind);

  const linkIn = (text: string) => /https:\/\/t\.me\/\+[\w-]+/.exec(text)?.[0];

  /** The sweep, then the sender for what it queued. */
  async function sweep() {
    const result = await sweepAccess(db());
    await shop.drain();
    return result;
  }

  it("a paid order gets a single-use invite link, and the buyer joining is recorded once", async () => {
    const before = Date.now();
    const { product, chatId } = await channelProduct();
    const { buyer, order } = await buy(product.id);

    // The bot's own rights were checked, then a one-member link made for this chat.
    const rights = telegram()
      .callsTo("getChatMember")
      .find((c) => Number(c.params.chat_id) === chatId);
    expect(Number(rights!.params.user_id)).toBe(shop.fakeBot.id);
    const created = telegram()
      .callsTo("createChatInviteLink")
      .filter((c) => Number(c.params.chat_id) === chatId);
    expect(created).toHaveLength(1);
    expect(created[0]!.params).toMatchObject({
      member_limit: 1,
      name: `Order ${order.id.slice(0, 8)}`,
    });
    const expire = Number(created[0]!.params.expire_date);
    expect(expire).toBeGreaterThanOrEqual(Math.floor(before / 1000) + 12 * 3600);
    expect(expire).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 12 * 3600);

    const texts = shop.texts(buyer);
    const withLink = texts.find((t) => linkIn(t))!;
    const link = linkIn(withLink)!;
    expect(withLink).toContain("Thank you for your purchase");
    expect(withLink).toContain("The link lets you join once, until");
    expect(withLink).toContain("Your access lasts until");
    expect(texts.at(-1)).toBe("Enjoy");

    const grant = (await grantOf(order.id))!;
    expect(grant).toMatchObject({
      chatId: String(chatId),
      inviteLink: link,
      botId: shop.botId,
      contactId: order.contactId,
      productId: product.id,
      memberUserId: null,
      removedAt: null,
    });
    const lasts = grant.endsAt!.getTime() - grant.startsAt.getTime();
    expect(Math.abs(lasts - 30 * day)).toBeLessThan(5000);
    const [delivery] = await db().select().from(deliveries).where(eq(deliveries.orderId, order.id));
    expect(delivery).toMatchObject({ status: "issued", method: "channel" });
    // Whoever holds the link can join: it is not in the delivery's data (nor the journal).
    expect(JSON.stringify(delivery!.data)).not.toContain(link);

    const joined = telegram().joinWithLink(link, { id: buyer });
    await send(joined);
    const again = { ...joined, update_id: updateId };
    await shop.deliver(again); // Telegram redelivers the same update
    await send(joined); // and the same join under another update_id
    const after = (await grantOf(order.id))!;
    expect(after.memberUserId).toBe(String(buyer));
    expect(after.joinedAt).not.toBeNull();
    const kinds = await kindsFor(order.id);
    expect(kinds.filter((k) => k === "access.joined")).toHaveLength(1);
    expect(kinds).not.toContain("access.joined_by_other");
    expect(telegram().memberStatus(chatId, buyer)).toBe("member");
  });

  it("a bot that is not the channel's admin: the delivery fails, staff and the buyer are told", async () => {
    const { product, chatId } = await channelProduct();
    telegram().setChatMember(chatId, shop.fakeBot.id, "member");
    const { buyer, order } = await buy(product.id);

    const [delivery] = await db().select().from(deliveries).where(eq(deliveries.orderId, order.id));
    expect(delivery).toMatchObject({ status: "failed" });
    expect(delivery!.data.reason).toBe("not_channel_admin");
    expect(
      telegram()
        .callsTo("createChatInviteLink")
        .filter((c) => Number(c.params.chat_id) === chatId),
    ).toHaveLength(0);
    expect(await grantOf(order.id)).toBeUndefined();
    const [failed] = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "delivery.failed")));
    expect(failed!.data).toMatchObject({ reason: "not_channel_admin", method: "channel" });
    const texts = shop.texts(buyer);
    expect(texts.join("\n")).toContain("the bot cannot invite members to the channel");
    expect(texts.at(-1)).toBe("Sorry");
    const [held] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(held!.status).toBe("paid");
  });

  it("a bot that is no administrator is refused, naming the rights it lacks", async () => {
    const { product, chatId } = await channelProduct();
    telegram().setChatMember(chatId, shop.fakeBot.id, "restricted");
    const { order } = await buy(product.id);
    const [delivery] = await db().select().from(deliveries).where(eq(deliveries.orderId, order.id));
    expect(delivery!.data).toMatchObject({
      reason: "not_channel_admin",
      missing: ["administrator", "can_invite_users", "can_restrict_members"],
    });
  });

  it("a refund removes the member (ban, then unban only if banned) and revokes the link", async () => {
    const { product, chatId } = await channelProduct();
    const { buyer, order } = await buy(product.id);
    const link = (await grantOf(order.id))!.inviteLink!;
    await send(telegram().joinWithLink(link, { id: buyer }));

    await refundOrder(db(), {
      workspaceId: shop.workspaceId,
      orderId: order.id,
      actor: { type: "system" },
    });
    expect((await grantOf(order.id))!.revokedAt).not.toBeNull();
    const textsBefore = shop.texts(buyer).length;

    expect(await sweep()).toMatchObject({ removed: 1 });
    const inChat = (method: string) =>
      telegram()
        .callsTo(method)
        .filter((c) => Number(c.params.chat_id) === chatId);
    expect(inChat("banChatMember").map((c) => Number(c.params.user_id))).toEqual([buyer]);
    expect(inChat("unbanChatMember")[0]!.params).toMatchObject({ only_if_banned: true });
    // Removed, not banned: they may come back after buying again.
    expect(telegram().memberStatus(chatId, buyer)).toBe("left");
    expect(
      telegram()
        .inviteLinks(chatId)
        .find((l) => l.invite_link === link)!.is_revoked,
    ).toBe(true);
    const grant = (await grantOf(order.id))!;
    expect(grant.removedAt).not.toBeNull();
    const [ended] = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "access.ended")));
    expect(ended!.data).toMatchObject({ reason: "revoked", removed: true });
    // The refund itself is the buyer's news; no "renew" message.
    expect(shop.texts(buyer)).toHaveLength(textsBefore);

    // Another round, or another process, does nothing again.
    expect(await sweep()).toMatchObject({ removed: 0 });
    expect(inChat("banChatMember")).toHaveLength(1);
  });

  it("a transient Telegram failure leaves the grant for the next round", async () => {
    const { product, chatId } = await channelProduct();
    const { buyer, order } = await buy(product.id);
    await send(telegram().joinWithLink((await grantOf(order.id))!.inviteLink!, { id: buyer }));
    await db()
      .update(accessGrants)
      .set({ endsAt: new Date(Date.now() - 1000) })
      .where(eq(accessGrants.orderId, order.id));
    telegram().failNext("banChatMember", { error_code: 502, description: "Bad Gateway" });
    await sweep();
    expect((await grantOf(order.id))!.removedAt).toBeNull();
    expect(telegram().memberStatus(chatId, buyer)).toBe("member");
    await sweep();
    expect((await grantOf(order.id))!.removedAt).not.toBeNull();
    expect(telegram().memberStatus(chatId, buyer)).toBe("left");
  });

  it("at the end of access the member is removed and told how to renew; a reminder comes once before", async () => {
    const { product, chatId } = await channelProduct({}, { reminderDays: 3 });
    const { buyer, order } = await buy(product.id);
    await send(telegram().joinWithLink((await grantOf(order.id))!.inviteLink!, { id: buyer }));

    // Four days left: no reminder yet. Two days left: one reminder, however often swept.
    const setEnd = (at: number) =>
      db()
        .update(accessGrants)
        .set({ endsAt: new Date(at) })
        .where(eq(accessGrants.orderId, order.id));
    await setEnd(Date.now() + 4 * day);
    await sweep();
    expect((await grantOf(order.id))!.remindedAt).toBeNull();
    await setEnd(Date.now() + 2 * day);
    await Promise.all([sweepAccess(db()), sweepAccess(db())]);
    await sweep();
    await shop.drain();
    const reminders = shop.texts(buyer).filter((t) => t.includes("ends on"));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain("“Insiders”");
    expect(reminders[0]).toContain("/start");
    expect((await kindsFor(order.id)).filter((k) => k === "access.reminded")).toHaveLength(1);

    await setEnd(Date.now() - 1000);
    await Promise.all([sweepAccess(db()), sweepAccess(db())]);
    await shop.drain();
    expect(telegram().memberStatus(chatId, buyer)).toBe("left");
    const ended = shop.texts(buyer).filter((t) => t.includes("has ended"));
    expect(ended).toHaveLength(1);
    expect(ended[0]).toContain("/start");
    const kinds = await kindsFor(order.id);
    expect(kinds.filter((k) => k === "access.ended")).toHaveLength(1);
  });

  it("access for good never ends and is never reminded", async () => {
    const { product } = await channelProduct({}, { accessDays: null });
    const { buyer, order } = await buy(product.id);
    expect((await grantOf(order.id))!.endsAt).toBeNull();
    expect(shop.texts(buyer).join("\n")).not.toContain("Your access lasts until");
    await sweep();
    expect((await grantOf(order.id))!).toMatchObject({ removedAt: null, remindedAt: null });
  });

  it("someone else joining with the buyer's link is removed, and the buyer gets a new link", async () => {
    const { product, chatId } = await channelProduct();
    const { buyer, order } = await buy(product.id);
    const first = (await grantOf(order.id))!.inviteLink!;
    const friend = 77_001;
    const join = telegram().joinWithLink(first, { id: friend, username: "friend" });
    await send(join);
    await send(join); // the same join reported again
    await shop.drain();

    expect(telegram().memberStatus(chatId, friend)).toBe("left");
    expect(
      telegram()
        .inviteLinks(chatId)
        .find((l) => l.invite_link === first)!.is_revoked,
    ).toBe(true);
    const [other] = await db()
      .select()
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "access.joined_by_other")));
    expect(other!.data).toMatchObject({
      userId: String(friend),
      username: "friend",
      reissue: true,
    });
    expect((await kindsFor(order.id)).filter((k) => k === "access.joined_by_other")).toHaveLength(
      1,
    );
    expect(shop.texts(buyer).filter((t) => t.includes("Someone else joined"))).toHaveLength(1);
    expect((await grantOf(order.id))!).toMatchObject({ memberUserId: null, inviteLink: null });

    expect(await sweep()).toMatchObject({ relinked: 1 });
    const fresh = (await grantOf(order.id))!.inviteLink!;
    expect(fresh).not.toBe(first);
    const newLink = shop.texts(buyer).at(-1)!;
    expect(newLink).toContain("Here is a new invite link");
    expect(linkIn(newLink)).toBe(fresh);
    expect(await sweep()).toMatchObject({ relinked: 0 });

    await send(telegram().joinWithLink(fresh, { id: buyer }));
    expect((await grantOf(order.id))!.memberUserId).toBe(String(buyer));
  });

  it("a Star subscription: renewals extend the grant, a late renewal reopens it with a new link", async () => {
    const { product, chatId } = await channelProduct(
      { kind: "subscription", periodDays: 30 },
      { accessDays: null },
    );
    const { buyer, order } = await buy(product.id, `sub-first-${chatId}`);
    const grant = (await grantOf(order.id))!;
    // The paid period plus a day's grace for a late renewal.
    const lasts = grant.endsAt!.getTime() - grant.startsAt.getTime();
    expect(Math.abs(lasts - 31 * day)).toBeLessThan(5000);
    await send(telegram().joinWithLink(grant.inviteLink!, { id: buyer }));

    const renewal = (charge: string, expiresAt: number) => {
      const update = successfulPaymentUpdate({
        chatId: buyer,
        currency: "XTR",
        totalAmount: order.amountMinor,
        payload: order.id,
        telegramPaymentChargeId: charge,
      });
      Object.assign(update.message!.successful_payment!, {
        subscription_expiration_date: Math.floor(expiresAt / 1000),
        is_recurring: true,
        is_first_recurring: false,
      });
      return update;
    };
    // Subscription reminders are not sent: they renew by themselves.
    await db()
      .update(accessGrants)
      .set({ endsAt: new Date(Date.now() + day) })
      .where(eq(accessGrants.id, grant.id));
    await sweep();
    expect((await grantOf(order.id))!.remindedAt).toBeNull();

    const nextEnd = Date.now() + 30 * day;
    const paid = renewal(`sub-2-${chatId}`, nextEnd);
    await send(paid);
    await send(paid);
    const renewed = (await grantOf(order.id))!;
    expect(Math.abs(renewed.endsAt!.getTime() - (nextEnd + day))).toBeLessThan(1000);
    expect(renewed.memberUserId).toBe(String(buyer));
    expect((await kindsFor(order.id)).filter((k) => k === "access.extended")).toHaveLength(1);

    // A renewal reported after the member was removed: the grant reopens with a new link.
    await db()
      .update(accessGrants)
      .set({ endsAt: new Date(Date.now() - 1000) })
      .where(eq(accessGrants.id, grant.id));
    await sweep();
    expect(telegram().memberStatus(chatId, buyer)).toBe("left");
    const later = Date.now() + 30 * day;
    await send(renewal(`sub-3-${chatId}`, later));
    const reopened = (await grantOf(order.id))!;
    expect(reopened).toMatchObject({ removedAt: null, memberUserId: null, inviteLink: null });
    expect(await sweep()).toMatchObject({ relinked: 1, removed: 0 });
    const link = (await grantOf(order.id))!.inviteLink!;
    expect(linkIn(shop.texts(buyer).at(-1)!)).toBe(link);
    await send(telegram().joinWithLink(link, { id: buyer }));
    expect(telegram().memberStatus(chatId, buyer)).toBe("member");
  });

  it("a join update for a link that is no grant's, or a leave, changes nothing", async () => {
    const { product, chatId } = await channelProduct();
    const { order } = await buy(product.id);
    const before = await db().select().from(outbox);
    await send(chatMemberUpdate({ chatId, user: { id: 5 }, inviteLink: "https://t.me/+unknown" }));
    await send(
      chatMemberUpdate({
        chatId,
        user: { id: 5 },
        oldStatus: "member",
        newStatus: "left",
        inviteLink: (await grantOf(order.id))!.inviteLink!,
      }),
    );
    expect(await db().select().from(outbox)).toHaveLength(before.length);
    expect((await grantOf(order.id))!.memberUserId).toBeNull();
    const kinds = await db()
      .select({ kind: journal.kind })
      .from(journal)
      .where(
        and(
          eq(journal.orderId, order.id),
          inArray(journal.kind, ["access.joined", "access.joined_by_other"]),
        ),
      );
    expect(kinds).toHaveLength(0);
  });
});
