import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import {
  bots,
  broadcastClicks,
  broadcasts,
  contacts,
  conversations,
  deliveries,
  externalEvents,
  handoffs,
  members,
  orders,
  outbox,
  products,
  users,
  workspaces,
} from "@/lib/db/schema";
import type { OrderStatus } from "@/lib/payments/orders/status";
import { encryptSecret } from "@/lib/crypto/secrets";

/**
 * A shop with known figures for the analytics dashboard (lib/analytics/dashboard.db.test.ts and
 * e2e/analytics.spec.ts assert them). The workspace is in Europe/Moscow (UTC+3 all year), and
 * the interesting range is 1–14 March 2026 (Sunday to Saturday): some rows sit an hour either
 * side of local midnight, so counting in UTC would put them in another day or out of the range.
 *
 * Two bots: "Shop bot" has almost everything, "Second bot" one buyer, one broadcast, one event.
 */
export const ANALYTICS_RANGE = { from: "2026-03-01", to: "2026-03-14" } as const;
export const ANALYTICS_TIME_ZONE = "Europe/Moscow";

const utc = (s: string) => new Date(`${s}Z`);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

export interface SeededAnalytics {
  shopBotId: string;
  secondBotId: string;
  agents: { olga: string; pavel: string };
}

export async function seedAnalytics(db: Db, workspaceId: string): Promise<SeededAnalytics> {
  await db
    .update(workspaces)
    .set({ timeZone: ANALYTICS_TIME_ZONE })
    .where(eq(workspaces.id, workspaceId));
  const bot = async (name: string) => {
    const [row] = await db
      .insert(bots)
      .values({
        workspaceId,
        name,
        tokenEncrypted: encryptSecret(`token-${name}`),
        webhookSecretEncrypted: encryptSecret("secret"),
      })
      .returning();
    return row!;
  };
  const shop = await bot("Shop bot");
  const second = await bot("Second bot");

  const contact = async (botId: string, firstName: string, createdAt: string) => {
    const [row] = await db
      .insert(contacts)
      .values({
        workspaceId,
        botId,
        channelUserId: `${firstName}-${workspaceId}`,
        firstName,
        createdAt: utc(createdAt),
      })
      .returning();
    return row!;
  };
  const anna = await contact(shop.id, "Anna", "2026-03-01T09:00:00");
  const boris = await contact(shop.id, "Boris", "2026-03-02T10:00:00");
  // 00:30 on 3 March in Moscow, still 2 March in UTC.
  const clara = await contact(shop.id, "Clara", "2026-03-02T21:30:00");
  const dmitri = await contact(shop.id, "Dmitri", "2026-03-05T12:00:00");
  // 23:30 on 28 February in Moscow: before the range.
  const elena = await contact(shop.id, "Elena", "2026-02-28T20:30:00");
  // 00:30 on 1 March in Moscow: inside the range although 28 February in UTC.
  await contact(shop.id, "Fedor", "2026-02-28T21:30:00");
  const gleb = await contact(shop.id, "Gleb", "2026-03-11T09:00:00");
  const ivan = await contact(second.id, "Ivan", "2026-03-10T08:00:00");

  const product = async (title: string, priceMinor: number, currency: string) => {
    const [row] = await db
      .insert(products)
      .values({ workspaceId, title, priceMinor, currency, kind: "file" })
      .returning();
    return row!;
  };
  const course = await product("Python course", 490000, "RUB");
  const stickers = await product("Sticker pack", 150, "XTR");
  const ebook = await product("E-book", 1299, "USD");
  const review = await product("Design review", 300000, "RUB");

  let n = 0;
  const order = async (o: {
    contact: typeof anna;
    product: typeof course;
    amountMinor?: number;
    status: OrderStatus;
    createdAt: string;
    paidAt?: string;
    delivered?: boolean;
    test?: boolean;
  }) => {
    const [row] = await db
      .insert(orders)
      .values({
        workspaceId,
        botId: o.contact.botId,
        contactId: o.contact.id,
        productId: o.product.id,
        title: o.product.title,
        productKind: "file",
        amountMinor: o.amountMinor ?? o.product.priceMinor,
        currency: o.product.currency,
        provider: o.product.currency === "XTR" ? "stars" : "yookassa",
        status: o.status,
        test: o.test ?? false,
        idempotencyKey: `analytics-${workspaceId}-${++n}`,
        createdAt: utc(o.createdAt),
        paidAt: o.paidAt ? utc(o.paidAt) : null,
      })
      .returning();
    if (o.delivered)
      await db.insert(deliveries).values({
        workspaceId,
        orderId: row!.id,
        productId: o.product.id,
        contactId: o.contact.id,
        botId: o.contact.botId,
        method: "one_time_link",
        status: "issued",
        createdAt: plus(utc(o.paidAt!), 5),
      });
    return row!;
  };
  await order({
    contact: anna,
    product: course,
    status: "fulfilled",
    createdAt: "2026-03-01T09:10:00",
    paidAt: "2026-03-01T09:15:00",
    delivered: true,
  });
  await order({
    contact: boris,
    product: course,
    status: "paid",
    createdAt: "2026-03-02T10:10:00",
    paidAt: "2026-03-02T10:12:00",
  });
  // Paid at 00:45 on 3 March in Moscow.
  await order({
    contact: clara,
    product: stickers,
    status: "fulfilled",
    createdAt: "2026-03-02T21:40:00",
    paidAt: "2026-03-02T21:45:00",
    delivered: true,
  });
  await order({
    contact: dmitri,
    product: ebook,
    status: "pending",
    createdAt: "2026-03-05T12:10:00",
  });
  await order({
    contact: dmitri,
    product: ebook,
    status: "fulfilled",
    createdAt: "2026-03-09T12:00:00",
    paidAt: "2026-03-09T12:05:00",
    delivered: true,
  });
  // Elena arrived before the range: her purchase is revenue, not part of the funnel. Sunday 8
  // March still belongs to the ISO week of 2 March.
  await order({
    contact: elena,
    product: course,
    amountMinor: 250000,
    status: "fulfilled",
    createdAt: "2026-03-08T10:00:00",
    paidAt: "2026-03-08T10:05:00",
    delivered: true,
  });
  // Refunded: counted by status, not in revenue.
  await order({
    contact: anna,
    product: stickers,
    status: "refunded",
    createdAt: "2026-03-04T10:00:00",
    paidAt: "2026-03-04T10:01:00",
  });
  // A test-mode order is no figure at all.
  await order({
    contact: boris,
    product: ebook,
    amountMinor: 999,
    status: "fulfilled",
    test: true,
    createdAt: "2026-03-06T10:00:00",
    paidAt: "2026-03-06T10:01:00",
    delivered: true,
  });
  await order({
    contact: ivan,
    product: review,
    status: "paid",
    createdAt: "2026-03-10T08:10:00",
    paidAt: "2026-03-10T08:20:00",
  });
  await order({
    contact: boris,
    product: course,
    status: "failed",
    createdAt: "2026-03-12T10:00:00",
  });
  await order({
    contact: gleb,
    product: ebook,
    status: "canceled",
    createdAt: "2026-03-11T09:10:00",
  });
  // 00:30 on 15 March in Moscow: after the range although 14 March in UTC.
  await order({
    contact: anna,
    product: course,
    amountMinor: 100000,
    status: "paid",
    createdAt: "2026-03-14T21:20:00",
    paidAt: "2026-03-14T21:30:00",
  });

  // The inbox: two agents, four hand-offs, conversations in every state.
  const agent = async (name: string) => {
    const [user] = await db
      .insert(users)
      .values({
        name,
        email: `${name.toLowerCase()}-${workspaceId}@example.com`,
        passwordHash: "x",
      })
      .returning();
    await db.insert(members).values({ workspaceId, userId: user!.id, role: "agent" });
    return user!.id;
  };
  const olga = await agent("Olga");
  const pavel = await agent("Pavel");
  const conversation = async (
    c: typeof anna,
    status: "bot" | "waiting" | "assigned" | "closed",
  ) => {
    const [row] = await db
      .insert(conversations)
      .values({ workspaceId, botId: c.botId, contactId: c.id, status })
      .returning();
    return row!;
  };
  const annaChat = await conversation(anna, "waiting");
  const borisChat = await conversation(boris, "assigned");
  const claraChat = await conversation(clara, "closed");
  await conversation(dmitri, "bot");
  const ivanChat = await conversation(ivan, "waiting");
  const handoff = async (
    chat: typeof annaChat,
    requested: string,
    h: { agent?: string; firstResponse?: number; resolved?: number } = {},
  ) => {
    const at = utc(requested);
    await db.insert(handoffs).values({
      workspaceId,
      conversationId: chat.id,
      source: "node",
      requestedAt: at,
      assigneeId: h.agent ?? null,
      assignedAt: h.agent ? at : null,
      firstResponseAt: h.firstResponse === undefined ? null : plus(at, h.firstResponse),
      resolvedAt: h.resolved === undefined ? null : plus(at, h.resolved),
      resolution: h.resolved === undefined ? null : "released",
    });
  };
  await handoff(annaChat, "2026-03-03T10:00:00", { agent: olga, firstResponse: 60, resolved: 600 });
  await handoff(borisChat, "2026-03-04T10:00:00", {
    agent: olga,
    firstResponse: 180,
    resolved: 1200,
  });
  await handoff(ivanChat, "2026-03-10T10:00:00", { agent: pavel, firstResponse: 30 });
  await handoff(claraChat, "2026-03-06T10:00:00");

  // Broadcasts: recipients are outbox rows with cause "broadcast:<id>".
  let key = 0;
  const outboxRow = (
    cause: string,
    c: typeof anna,
    status: "pending" | "sent" | "failed" | "cancelled",
    extra: { method?: string; lastError?: string; doneAt?: Date } = {},
  ) => ({
    workspaceId,
    botId: c.botId,
    contactId: c.id,
    kind: "telegram",
    payload: { method: extra.method ?? "sendMessage", params: { chat_id: c.channelUserId } },
    idempotencyKey: `analytics-${workspaceId}-outbox-${++key}`,
    cause,
    status,
    lastError: extra.lastError ?? null,
    doneAt: extra.doneAt ?? (status === "pending" ? null : utc("2026-03-05T10:01:00")),
    // Pending rows stay pending: a running sender (the e2e server's) must not send them.
    notBefore: status === "pending" ? utc("2099-01-01T00:00:00") : utc("2026-03-01T00:00:00"),
  });
  const broadcast = async (
    botId: string,
    name: string,
    status: "draft" | "completed",
    startedAt: string | null,
    recipients: [typeof anna, "sent" | "failed" | "blocked"][],
    clickers: (typeof anna)[],
  ) => {
    const [row] = await db
      .insert(broadcasts)
      .values({
        workspaceId,
        botId,
        name,
        message: { text: name },
        status,
        startedAt: startedAt ? utc(startedAt) : null,
        total: recipients.length,
      })
      .returning();
    if (recipients.length)
      await db
        .insert(outbox)
        .values(
          recipients.map(([c, what]) =>
            outboxRow(
              `broadcast:${row!.id}`,
              c,
              what === "sent" ? "sent" : "failed",
              what === "blocked"
                ? { lastError: "Forbidden: bot was blocked by the user" }
                : what === "failed"
                  ? { lastError: "Bad Request: chat not found" }
                  : {},
            ),
          ),
        );
    if (clickers.length)
      await db
        .insert(broadcastClicks)
        .values(clickers.map((c) => ({ broadcastId: row!.id, contactId: c.id, target: 0 })));
  };
  await broadcast(
    shop.id,
    "March sale",
    "completed",
    "2026-03-05T10:00:00",
    [
      [anna, "sent"],
      [boris, "sent"],
      [clara, "sent"],
      [dmitri, "failed"],
      [gleb, "blocked"],
    ],
    [anna, anna, boris, clara],
  );
  await broadcast(
    second.id,
    "Second bot news",
    "completed",
    "2026-03-11T10:00:00",
    [
      [ivan, "sent"],
      [ivan, "sent"],
    ],
    [ivan],
  );
  await broadcast(shop.id, "Unsent draft", "draft", null, [], []);
  await broadcast(
    shop.id,
    "February news",
    "completed",
    "2026-02-20T10:00:00",
    [[anna, "sent"]],
    [anna],
  );

  // ERP events: delivered (2, 4 and 10 seconds after receipt), failed three ways, waiting two.
  const event = async (e: {
    contact?: typeof anna;
    status: "received" | "failed" | "unlinked";
    receivedAt: string;
    expiresAt?: string;
    test?: boolean;
    messages?: { status: "pending" | "sent" | "failed"; after?: number; method?: string }[];
  }) => {
    const received = utc(e.receivedAt);
    const [row] = await db
      .insert(externalEvents)
      .values({
        workspaceId,
        type: "payout.credited",
        idempotencyKey: `analytics-event-${++key}`,
        requestHash: "x",
        data: {},
        occurredAt: received,
        receivedAt: received,
        processedAt: e.status === "received" ? received : null,
        status: e.status,
        contactId: e.contact?.id ?? null,
        expiresAt: e.expiresAt ? utc(e.expiresAt) : null,
        test: e.test ?? false,
      })
      .returning();
    for (const m of e.messages ?? [])
      await db.insert(outbox).values(
        outboxRow(`event:${row!.id}`, e.contact!, m.status, {
          method: m.method,
          doneAt: m.status === "pending" ? undefined : plus(received, m.after ?? 0),
          lastError: m.status === "failed" ? "Forbidden: bot was blocked by the user" : undefined,
        }),
      );
  };
  await event({
    contact: anna,
    status: "received",
    receivedAt: "2026-03-03T12:00:00",
    messages: [{ status: "sent", after: 2 }],
  });
  await event({
    contact: boris,
    status: "received",
    receivedAt: "2026-03-04T12:00:00",
    messages: [
      { status: "sent", after: 4 },
      { status: "sent", after: 9 },
    ],
  });
  await event({
    contact: clara,
    status: "received",
    receivedAt: "2026-03-05T12:00:00",
    messages: [{ status: "sent", after: 10 }],
  });
  // Refused; a typing indicator still queued is not a message and changes nothing.
  await event({
    contact: dmitri,
    status: "received",
    receivedAt: "2026-03-06T12:00:00",
    messages: [{ status: "failed" }, { status: "pending", method: "sendChatAction" }],
  });
  await event({ contact: anna, status: "failed", receivedAt: "2026-03-07T12:00:00" });
  await event({
    status: "unlinked",
    receivedAt: "2026-03-08T12:00:00",
    expiresAt: "2026-03-09T12:00:00",
  });
  await event({
    contact: ivan,
    status: "received",
    receivedAt: "2026-03-10T12:00:00",
    messages: [{ status: "pending" }],
  });
  await event({
    status: "unlinked",
    receivedAt: "2026-03-12T12:00:00",
    expiresAt: "2099-01-01T00:00:00",
  });
  await event({
    contact: anna,
    status: "received",
    receivedAt: "2026-03-09T12:00:00",
    test: true,
    messages: [{ status: "sent", after: 1 }],
  });
  await event({
    contact: anna,
    status: "received",
    receivedAt: "2026-02-27T12:00:00",
    messages: [{ status: "sent", after: 100 }],
  });

  return { shopBotId: shop.id, secondBotId: second.id, agents: { olga, pavel } };
}
