import { and, eq } from "drizzle-orm";
import type { Message } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { deliveries, fileAssets, journal, licenseKeys } from "@/lib/db/schema";
import { consumeDownload, describeDownload } from "@/lib/delivery/download";
import { refundOrder } from "@/lib/payments/refund";
import { createDeliveryShop, type DeliveryShop } from "@/test/delivery";
import { useTestDatabase } from "@/test/db";
import { callbackUpdate, messageUpdate } from "@/test/fakes/telegram";
import type { FlowDocument } from "@/lib/flow/document";
import { useFakeTelegram } from "@/test/telegram";

/*
 * "My purchases" through the real webhook route and the fake Telegram: /purchases lists the
 * buyer's deliveries with a button each, and a press sends that one again within its rules.
 */

describe("my purchases", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let t: DeliveryShop;
  let fileId: string;

  beforeAll(async () => {
    t = await createDeliveryShop(db(), telegram());
    const [file] = await db()
      .insert(fileAssets)
      .values({
        workspaceId: t.shop.workspaceId,
        name: "book.pdf",
        contentType: "application/pdf",
        size: 10,
        sha256: "cd".repeat(32),
        storage: "local",
        storageKey: "test/book.pdf",
      })
      .returning();
    fileId = file!.id;
  });

  const client = { ip: null, userAgent: null };
  const linkToken = (text: string) => /\/d\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  const messages = (buyer: number): Message[] => telegram().messagesIn(buyer, t.shop.fakeBot.token);
  const lastText = (buyer: number) => t.shop.texts(buyer).at(-1) ?? "";

  async function buy(productId: string, buyer?: number, from?: { language_code?: string }) {
    const bought = await t.atInvoice(productId, { buyer, from });
    await t.pay(bought.buyer, bought.order);
    await t.shop.drain();
    return bought;
  }

  async function purchases(buyer: number) {
    await t.send(messageUpdate({ chatId: buyer, text: "/purchases", from: t.userOf(buyer) }));
    await t.shop.drain();
    const list = messages(buyer).at(-1)!;
    const keyboard =
      list.reply_markup && "inline_keyboard" in list.reply_markup
        ? list.reply_markup.inline_keyboard.map(([button]) => ({
            text: button!.text,
            data: "callback_data" in button! ? button.callback_data : "",
          }))
        : [];
    return { list, buttons: keyboard };
  }

  /** Presses a button under the list; returns the callback query's id. */
  async function press(buyer: number, list: Message, data: string) {
    const update = callbackUpdate({
      chatId: buyer,
      data,
      messageId: list.message_id,
      bot: t.shop.fakeBot,
      from: t.userOf(buyer),
    });
    await t.send(update);
    await t.shop.drain();
    return update.callback_query!.id;
  }

  const answered = (queryId: string) =>
    telegram()
      .callsTo("answerCallbackQuery")
      .filter((c) => c.params.callback_query_id === queryId);

  it("lists the buyer's purchases newest first, and a press sends each one again within its rules", async () => {
    const text = await t.product({ kind: "text", title: "Recipe", delivery: { secret: "S<1>" } });
    const link = await t.product({
      kind: "file",
      title: "Book",
      delivery: { method: "timed_link", fileId, maxDownloads: 2 },
    });
    const key = await t.product({ kind: "license_key", title: "App" });
    await db()
      .insert(licenseKeys)
      .values({ workspaceId: t.shop.workspaceId, productId: key.id, code: "APP-KEY-1" });
    const { buyer } = await buy(text.id);
    const linkOrder = (await buy(link.id, buyer)).order;
    await buy(key.id, buyer);

    const { list, buttons } = await purchases(buyer);
    expect(list.text).toContain("Your purchases");
    expect(buttons.map((b) => b.text)).toEqual(["App", "Book", "Recipe"]);
    expect(buttons.every((b) => b.data.startsWith("$purchase:"))).toBe(true);

    // The link: one download used, then sent again; the old link stops, the new one has what
    // was left of the old one, until the same time.
    const oldToken = linkToken(t.shop.texts(buyer).find((x) => linkToken(x))!)!;
    expect((await consumeDownload(db(), oldToken, client)).ok).toBe(true);
    const before = await t.deliveryOf(linkOrder.id);
    const linkPress = await press(buyer, list, buttons[1]!.data);
    expect(answered(linkPress)).toHaveLength(1);
    const newToken = linkToken(lastText(buyer))!;
    expect(newToken).toBeDefined();
    expect(newToken).not.toBe(oldToken);
    expect(lastText(buyer)).toContain("1 more download");
    expect(await describeDownload(db(), oldToken)).toEqual({ ok: false, why: "unknown" });
    expect(await describeDownload(db(), newToken)).toMatchObject({ ok: true, info: { left: 1 } });
    const after = await t.deliveryOf(linkOrder.id);
    expect(after).toMatchObject({ uses: 1, maxUses: 2, expiresAt: before.expiresAt });

    // The key and the text secret: shown again.
    await press(buyer, list, buttons[0]!.data);
    expect(lastText(buyer)).toContain("APP-KEY-1");
    await press(buyer, list, buttons[2]!.data);
    expect(lastText(buyer)).toContain("S<1>");

    // The link used up: it says so, and no new link is made.
    expect((await consumeDownload(db(), newToken, client)).ok).toBe(true);
    await press(buyer, list, buttons[1]!.data);
    expect(lastText(buyer)).toContain("used up");
    expect(linkToken(lastText(buyer))).toBeUndefined();

    const resent = await db()
      .select({ data: journal.data })
      .from(journal)
      .where(and(eq(journal.contactId, after.contactId!), eq(journal.kind, "delivery.resent")));
    expect(resent.map((r) => r.data.outcome)).toEqual(["resent", "resent", "resent", "used_up"]);
  });

  it("an expired link and a refunded purchase say so; a course page gets a fresh link", async () => {
    const link = await t.product({
      kind: "file",
      title: "Slides",
      delivery: { method: "one_time_link", fileId },
    });
    const refunded = await t.product({
      kind: "text",
      title: "Refunded",
      delivery: { secret: "R" },
    });
    const course = await t.product({
      kind: "course",
      title: "Yoga",
      delivery: { pageContent: "x" },
    });
    const { buyer, order } = await buy(link.id, undefined, { language_code: "en" });
    const refundedOrder = (await buy(refunded.id, buyer)).order;
    await buy(course.id, buyer);
    await db()
      .update(deliveries)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(deliveries.orderId, order.id));
    await refundOrder(db(), {
      workspaceId: t.shop.workspaceId,
      orderId: refundedOrder.id,
      actor: { type: "system" },
    });
    const { list, buttons } = await purchases(buyer);
    expect(buttons.map((b) => b.text)).toEqual(["Yoga", "Refunded · refunded", "Slides"]);

    await press(buyer, list, buttons[2]!.data);
    expect(lastText(buyer)).toContain("expired");
    await press(buyer, list, buttons[1]!.data);
    expect(lastText(buyer)).toContain("no longer available");

    const coursePage = /\/c\/([A-Za-z0-9_-]{43})/;
    const first = coursePage.exec(t.shop.texts(buyer).find((x) => coursePage.test(x))!)![1];
    await press(buyer, list, buttons[0]!.data);
    const fresh = coursePage.exec(lastText(buyer))?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(first);
  });

  it("a button for someone else's purchase finds nothing, and is still answered", async () => {
    const p = await t.product({ kind: "text", title: "Mine", delivery: { secret: "MINE-ONLY" } });
    const owner = await buy(p.id);
    const other = await buy(p.id);
    const { list } = await purchases(other.buyer);
    const ownerDelivery = await t.deliveryOf(owner.order.id);
    const queryId = await press(other.buyer, list, `$purchase:${ownerDelivery.id}`);
    expect(answered(queryId)).toHaveLength(1);
    expect(answered(queryId)[0]!.params.text).toBe("This purchase was not found.");
    expect(t.shop.texts(other.buyer).filter((x) => x.includes("MINE-ONLY"))).toHaveLength(1);
  });

  it("in Russian, and with nothing bought yet", async () => {
    const p = await t.product({ kind: "text", title: "Курс", delivery: { secret: "код" } });
    const { buyer } = await t.atInvoice(p.id, { from: { language_code: "ru" } });
    // The buyer is at the invoice: /purchases answers without disturbing the waiting payment.
    const empty = await purchases(buyer);
    expect(empty.list.text).toBe("У вас пока нет покупок.");
    expect(empty.buttons).toEqual([]);
    const [order] = await db().select().from(deliveries).where(eq(deliveries.productId, p.id));
    expect(order).toBeUndefined();
  });

  it("a buyer at the invoice can list purchases and still pay and get the goods", async () => {
    const p = await t.product({ kind: "text", title: "Later", delivery: { secret: "LATER-1" } });
    const { buyer, order } = await t.atInvoice(p.id);
    await purchases(buyer);
    await t.pay(buyer, order);
    await t.shop.drain();
    expect(t.shop.texts(buyer).join("\n")).toContain("LATER-1");
    expect(lastText(buyer)).toBe("Enjoy");
  });

  it("a flow's own /purchases trigger wins over the built-in list", async () => {
    const own: FlowDocument = {
      version: 1,
      nodes: [
        {
          id: "cmd",
          type: "trigger.command",
          position: { x: 0, y: 0 },
          config: { command: "purchases" },
        },
        { id: "say", type: "message", position: { x: 300, y: 0 }, config: { text: "Our list" } },
      ],
      edges: [{ id: "e", source: "cmd", sourceHandle: "next", target: "say" }],
      variables: [],
    };
    const p = await t.product({ kind: "text", title: "Any", delivery: { secret: "x" } });
    const { buyer } = await buy(p.id);
    await t.shop.publish(own);
    await t.send(messageUpdate({ chatId: buyer, text: "/purchases" }));
    await t.shop.drain();
    expect(lastText(buyer)).toBe("Our list");
  });
});
