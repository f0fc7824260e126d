import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { useFakeTelegram } from "@/test/telegram";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { addTestMember } from "@/test/members";
import type { Db } from "@/lib/db";
import {
  apiKeys,
  bots,
  contactFields,
  cannedReplies,
  contacts,
  conversations,
  broadcasts,
  fileAssets,
  flows,
  flowVersions,
  invites,
  deliveries,
  eventTypes,
  externalEvents,
  journal,
  licenseKeys,
  members,
  messages,
  orders,
  paymentProviders,
  products,
  webhookDeliveries,
  webhookEndpoints,
  segments,
  workspaces,
} from "@/lib/db/schema";
import { WORKSPACE_HEADER } from "@/lib/api/caller";
import { createBot } from "@/lib/bots/bots";
import { createFlow } from "@/lib/flows/flows";
import { saveDraft } from "@/lib/flows/draft";
import { publishFlow } from "@/lib/flows/publish";
import { publishableDocument } from "@/test/flows";
import { createInvite } from "@/lib/invites/invites";
import { recordJournal } from "@/lib/journal/record";
import { createOrder } from "@/lib/payments/orders/create";
import { saveProvider } from "@/lib/payments/providers/accounts";
import { createProduct } from "@/lib/products/products";
import { createFile } from "@/lib/files/files";
import { createProductInput } from "@/lib/products/input";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import {
  findRouteFiles,
  loadRoute,
  operationFor,
  validBodies,
  validRawBodies,
  TELEGRAM_TOKEN,
  type RouteFile,
} from "./routes";

const BOB_STRIPE_KEY = "sk_test_BobSecretStripeKey0123456789zQ7w";

/** What workspace B holds, seeded once: the ids A will try to reach. */
interface Victim {
  account: TestAccount;
  workspaceId: string;
  ownerId: string;
  agentId: string;
  botId: string;
  flowId: string;
  inviteId: string;
  apiKeyId: string;
  productId: string;
  keyProductId: string;
  keyId: string;
  orderId: string;
  fileId: string;
  conversationId: string;
  cannedReplyId: string;
  eventTypeId: string;
  eventId: string;
  broadcastId: string;
  webhookId: string;
  webhookDeliveryId: string;
  contactId: string;
  segmentId: string;
  contactFieldId: string;
  /** Strings that must never appear in anything A can read. */
  secrets: string[];
}

/** Workspace A's own resources, for writes that must succeed inside A. */
interface Attacker {
  botId: string;
  contactId: string;
}

type Scope =
  /**
   * No id in the path: a list, a search or the workspace itself, resolved from the caller.
   * `body` replaces the sample body where a valid write needs one of A's own ids.
   */
  | {
      kind: "workspace-wide";
      body?: (a: Attacker) => Record<string, unknown>;
      /** Headers a valid write needs besides credentials (an Idempotency-Key). */
      headers?: () => Record<string, string>;
    }
  /** One resource of the workspace, addressed by id. */
  | { kind: "item"; params: (b: Victim) => Record<string, string> }
  /**
   * A path segment that names something within the caller's own workspace rather than an id
   * (a payment provider's kind): A's call acts on A's own (or answers 404 when A has none).
   */
  | { kind: "named"; params: () => Record<string, string> };

/** Numbers A's writes that must not repeat (event type names, idempotency keys). */
let writes = 0;

/** Every workspace-scoped route, and how to name B's resource in its path. */
const scoped: Record<string, Scope> = {
  "/api/v1/workspace": { kind: "workspace-wide" },
  "/api/v1/members": { kind: "workspace-wide" },
  "/api/v1/members/{id}": { kind: "item", params: (b) => ({ id: b.agentId }) },
  "/api/v1/invites": { kind: "workspace-wide" },
  "/api/v1/invites/{id}": { kind: "item", params: (b) => ({ id: b.inviteId }) },
  "/api/v1/api-keys": { kind: "workspace-wide" },
  "/api/v1/api-keys/{id}": { kind: "item", params: (b) => ({ id: b.apiKeyId }) },
  "/api/v1/bots": { kind: "workspace-wide" },
  "/api/v1/bots/{id}": { kind: "item", params: (b) => ({ id: b.botId }) },
  "/api/v1/bots/{id}/webhook": { kind: "item", params: (b) => ({ id: b.botId }) },
  "/api/v1/flows": { kind: "workspace-wide", body: (a) => ({ botId: a.botId, name: "A flow" }) },
  "/api/v1/flows/{id}": { kind: "item", params: (b) => ({ id: b.flowId }) },
  "/api/v1/flows/{id}/draft": { kind: "item", params: (b) => ({ id: b.flowId }) },
  "/api/v1/flows/{id}/versions": { kind: "item", params: (b) => ({ id: b.flowId }) },
  "/api/v1/flows/{id}/publish": { kind: "item", params: (b) => ({ id: b.flowId }) },
  "/api/v1/flows/{id}/preview": { kind: "item", params: (b) => ({ id: b.flowId }) },
  "/api/v1/flows/{id}/funnel": { kind: "item", params: (b) => ({ id: b.flowId }) },
  "/api/v1/flows/{id}/versions/{n}": { kind: "item", params: (b) => ({ id: b.flowId, n: "1" }) },
  "/api/v1/flows/{id}/versions/{n}/restore": {
    kind: "item",
    params: (b) => ({ id: b.flowId, n: "1" }),
  },
  "/api/v1/products": { kind: "workspace-wide" },
  "/api/v1/products/{id}": { kind: "item", params: (b) => ({ id: b.productId }) },
  "/api/v1/files": { kind: "workspace-wide" },
  "/api/v1/files/{id}": { kind: "item", params: (b) => ({ id: b.fileId }) },
  "/api/v1/products/{id}/keys": { kind: "item", params: (b) => ({ id: b.keyProductId }) },
  "/api/v1/products/{id}/keys/{keyId}": {
    kind: "item",
    params: (b) => ({ id: b.keyProductId, keyId: b.keyId }),
  },
  "/api/v1/payment-providers": { kind: "workspace-wide" },
  "/api/v1/payment-providers/{kind}": { kind: "named", params: () => ({ kind: "stripe" }) },
  "/api/v1/payment-providers/{kind}/test": { kind: "named", params: () => ({ kind: "stripe" }) },
  "/api/v1/orders": { kind: "workspace-wide" },
  "/api/v1/orders/{id}": { kind: "item", params: (b) => ({ id: b.orderId }) },
  "/api/v1/orders/{id}/refund": { kind: "item", params: (b) => ({ id: b.orderId }) },
  "/api/v1/orders/{id}/deliver": { kind: "item", params: (b) => ({ id: b.orderId }) },
  "/api/v1/conversations": { kind: "workspace-wide" },
  "/api/v1/conversations/{id}": { kind: "item", params: (b) => ({ id: b.conversationId }) },
  "/api/v1/conversations/{id}/messages": {
    kind: "item",
    params: (b) => ({ id: b.conversationId }),
  },
  "/api/v1/conversations/{id}/take": { kind: "item", params: (b) => ({ id: b.conversationId }) },
  "/api/v1/conversations/{id}/reply": { kind: "item", params: (b) => ({ id: b.conversationId }) },
  "/api/v1/conversations/{id}/release": {
    kind: "item",
    params: (b) => ({ id: b.conversationId }),
  },
  "/api/v1/conversations/{id}/close": { kind: "item", params: (b) => ({ id: b.conversationId }) },
  "/api/v1/conversations/{id}/read": { kind: "item", params: (b) => ({ id: b.conversationId }) },
  "/api/v1/conversations/{id}/release-targets": {
    kind: "item",
    params: (b) => ({ id: b.conversationId }),
  },
  "/api/v1/conversations/{id}/files": { kind: "item", params: (b) => ({ id: b.conversationId }) },
  "/api/v1/inbox/stream": { kind: "workspace-wide" },
  "/api/v1/canned-replies": { kind: "workspace-wide" },
  "/api/v1/canned-replies/{id}": { kind: "item", params: (b) => ({ id: b.cannedReplyId }) },
  "/api/v1/bots/{id}/support": { kind: "item", params: (b) => ({ id: b.botId }) },
  "/api/v1/journal": { kind: "workspace-wide" },
  "/api/v1/journal/export": { kind: "workspace-wide" },
  "/api/v1/analytics": { kind: "workspace-wide" },
  // A's own event type (declared in beforeAll), a new Idempotency-Key per call.
  "/api/v1/events": {
    kind: "workspace-wide",
    headers: () => ({ "idempotency-key": `a-${++writes}` }),
  },
  "/api/v1/events/{id}": { kind: "item", params: (b) => ({ id: b.eventId }) },
  "/api/v1/link-codes": { kind: "workspace-wide" },
  "/api/v1/event-types": {
    kind: "workspace-wide",
    body: () => ({ name: `alice.event_${++writes}` }),
  },
  "/api/v1/event-types/{id}": { kind: "item", params: (b) => ({ id: b.eventTypeId }) },
  "/api/v1/broadcasts": {
    kind: "workspace-wide",
    body: (a) => ({ botId: a.botId, name: "A's broadcast", message: { text: "Hi" } }),
  },
  "/api/v1/broadcasts/{id}": { kind: "item", params: (b) => ({ id: b.broadcastId }) },
  "/api/v1/broadcasts/{id}/start": { kind: "item", params: (b) => ({ id: b.broadcastId }) },
  "/api/v1/broadcasts/{id}/pause": { kind: "item", params: (b) => ({ id: b.broadcastId }) },
  "/api/v1/broadcasts/{id}/resume": { kind: "item", params: (b) => ({ id: b.broadcastId }) },
  "/api/v1/broadcasts/{id}/cancel": { kind: "item", params: (b) => ({ id: b.broadcastId }) },
  "/api/v1/broadcasts/segments": { kind: "workspace-wide" },
  "/api/v1/broadcasts/audience": { kind: "workspace-wide", body: (a) => ({ botId: a.botId }) },
  "/api/v1/broadcasts/preview": {
    kind: "workspace-wide",
    body: (a) => ({ botId: a.botId, contactId: a.contactId, message: { text: "Hi" } }),
  },
  "/api/v1/webhooks": { kind: "workspace-wide" },
  "/api/v1/webhooks/{id}": { kind: "item", params: (b) => ({ id: b.webhookId }) },
  "/api/v1/webhooks/{id}/test": { kind: "item", params: (b) => ({ id: b.webhookId }) },
  "/api/v1/webhooks/{id}/deliveries": { kind: "item", params: (b) => ({ id: b.webhookId }) },
  "/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend": {
    kind: "item",
    params: (b) => ({ id: b.webhookId, deliveryId: b.webhookDeliveryId }),
  },
  "/api/v1/alerts/settings": {
    kind: "workspace-wide",
    body: (a) => ({ botId: a.botId, chatId: "-100123456", email: null }),
  },
  "/api/v1/alerts/test": { kind: "workspace-wide" },
  "/api/v1/alerts/incidents": { kind: "workspace-wide" },
  "/api/v1/contacts": { kind: "workspace-wide" },
  "/api/v1/contacts/{id}": { kind: "item", params: (b) => ({ id: b.contactId }) },
  "/api/v1/contacts/{id}/erase": { kind: "item", params: (b) => ({ id: b.contactId }) },
  "/api/v1/contacts/{id}/timeline": { kind: "item", params: (b) => ({ id: b.contactId }) },
  "/api/v1/contacts/export.csv": { kind: "workspace-wide" },
  // Rows naming A's own contact: a row naming B's would be an error ("no contact"), tested apart.
  "/api/v1/contacts/import": {
    kind: "workspace-wide",
    body: (a) => ({ rows: [{ line: 2, id: a.contactId, tags: `vip-${++writes}` }] }),
  },
  "/api/v1/contacts/segments": { kind: "workspace-wide" },
  "/api/v1/contacts/segments/{id}": { kind: "item", params: (b) => ({ id: b.segmentId }) },
  "/api/v1/contacts/fields": {
    kind: "workspace-wide",
    body: () => ({ name: `alice_field_${++writes}`, label: "Alice field" }),
  },
  "/api/v1/contacts/fields/{id}": { kind: "item", params: (b) => ({ id: b.contactFieldId }) },
};

/** Routes that are not workspace-scoped, and why. `readAsA` routes are still read for leaks. */
const exempt: Record<string, { reason: string; readAsA?: boolean }> = {
  "/api/auth/{...nextauth}": {
    reason: "next-auth's sign-in, sign-out and session endpoints; no workspace data",
  },
  "/api/account/signup": {
    reason: "public sign-up: creates a new user and workspace, reads nothing",
  },
  "/api/account/password": { reason: "acts on the signed-in user only" },
  "/api/account/workspaces": {
    reason: "lists and creates the signed-in user's own memberships",
    readAsA: true,
  },
  "/api/invites/{token}": {
    reason: "addressed by a secret 256-bit token, not by workspace (lib/invites tests)",
  },
  "/api/health": { reason: "public readiness probe; no workspace data" },
  "/api/metrics": {
    reason:
      "Prometheus scrape target: process-wide figures, no workspace's data; METRICS_TOKEN only (lib/metrics/metrics.db.test.ts)",
  },
  "/api/telegram/{botId}": {
    reason:
      "Telegram's webhook: authenticated by the bot's own secret header, not a session (lib/runtime/webhook.db.test.ts)",
  },
  "/api/payments/stripe/{providerId}": {
    reason:
      "Stripe's webhook: authenticated by the account's signing secret on the raw body; acts only on that account's workspace (lib/payments/stripe.db.test.ts)",
  },
  "/api/payments/yookassa/{providerId}": {
    reason:
      "YooKassa's notifications: confirmed by reading the payment back with that shop's keys; acts only on its workspace (lib/payments/yookassa.db.test.ts)",
  },
  "/api/v1/openapi.json": { reason: "public API description; no workspace data" },
  "/api/v1/flow-schema.json": {
    reason: "public JSON Schema of the flow format; no workspace data",
  },
};

async function snapshotOf(db: Db, workspaceId: string) {
  const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  return JSON.stringify({
    ws,
    members: await db
      .select()
      .from(members)
      .where(eq(members.workspaceId, workspaceId))
      .orderBy(asc(members.userId)),
    invites: await db
      .select()
      .from(invites)
      .where(eq(invites.workspaceId, workspaceId))
      .orderBy(asc(invites.id)),
    apiKeys: await db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.workspaceId, workspaceId))
      .orderBy(asc(apiKeys.id)),
    bots: await db
      .select()
      .from(bots)
      .where(eq(bots.workspaceId, workspaceId))
      .orderBy(asc(bots.id)),
    flows: await db
      .select()
      .from(flows)
      .where(eq(flows.workspaceId, workspaceId))
      .orderBy(asc(flows.id)),
    flowVersions: await db
      .select()
      .from(flowVersions)
      .where(eq(flowVersions.workspaceId, workspaceId))
      .orderBy(asc(flowVersions.id)),
    files: await db
      .select()
      .from(fileAssets)
      .where(eq(fileAssets.workspaceId, workspaceId))
      .orderBy(asc(fileAssets.id)),
    products: await db
      .select()
      .from(products)
      .where(eq(products.workspaceId, workspaceId))
      .orderBy(asc(products.id)),
    paymentProviders: await db
      .select()
      .from(paymentProviders)
      .where(eq(paymentProviders.workspaceId, workspaceId))
      .orderBy(asc(paymentProviders.id)),
    orders: await db
      .select()
      .from(orders)
      .where(eq(orders.workspaceId, workspaceId))
      .orderBy(asc(orders.id)),
    licenseKeys: await db
      .select()
      .from(licenseKeys)
      .where(eq(licenseKeys.workspaceId, workspaceId))
      .orderBy(asc(licenseKeys.id)),
    deliveries: await db
      .select()
      .from(deliveries)
      .where(eq(deliveries.workspaceId, workspaceId))
      .orderBy(asc(deliveries.id)),
    conversations: await db
      .select()
      .from(conversations)
      .where(eq(conversations.workspaceId, workspaceId))
      .orderBy(asc(conversations.id)),
    cannedReplies: await db
      .select()
      .from(cannedReplies)
      .where(eq(cannedReplies.workspaceId, workspaceId))
      .orderBy(asc(cannedReplies.id)),
    broadcasts: await db
      .select()
      .from(broadcasts)
      .where(eq(broadcasts.workspaceId, workspaceId))
      .orderBy(asc(broadcasts.id)),
    webhookEndpoints: await db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.workspaceId, workspaceId))
      .orderBy(asc(webhookEndpoints.id)),
    webhookDeliveries: await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.workspaceId, workspaceId))
      .orderBy(asc(webhookDeliveries.id)),
    journal: await db
      .select()
      .from(journal)
      .where(eq(journal.workspaceId, workspaceId))
      .orderBy(asc(journal.id)),
    contacts: await db
      .select()
      .from(contacts)
      .where(eq(contacts.workspaceId, workspaceId))
      .orderBy(asc(contacts.id)),
    messages: await db
      .select()
      .from(messages)
      .where(eq(messages.workspaceId, workspaceId))
      .orderBy(asc(messages.id)),
    segments: await db
      .select()
      .from(segments)
      .where(eq(segments.workspaceId, workspaceId))
      .orderBy(asc(segments.id)),
    contactFields: await db
      .select()
      .from(contactFields)
      .where(eq(contactFields.workspaceId, workspaceId))
      .orderBy(asc(contactFields.id)),
  });
}

describe("one workspace cannot reach another's data through any route", () => {
  const db = useTestDatabase();
  // POST /api/v1/bots checks the token with Telegram and registers the webhook.
  const telegram = useFakeTelegram();
  const files = findRouteFiles();
  let a: TestAccount;
  let aOwn: Attacker;
  let b: Victim;

  beforeAll(async () => {
    telegram().addBot({ token: TELEGRAM_TOKEN, username: "alice_bot" });
    a = await createTestAccount(db(), "Alice");
    const aBot = await createBot(db(), {
      workspaceId: a.workspaceId,
      name: "Alice bot",
      token: TELEGRAM_TOKEN,
      actor: { type: "system" },
    });
    const [aContact] = await db()
      .insert(contacts)
      .values({
        workspaceId: a.workspaceId,
        botId: aBot.id,
        channelUserId: "1001",
        firstName: "Alice's buyer",
      })
      .returning();
    aOwn = { botId: aBot.id, contactId: aContact!.id };
    await db().insert(eventTypes).values({ workspaceId: a.workspaceId, name: "payout.credited" });
    const account = await createTestAccount(db(), "Bob");
    const agent = await addTestMember(db(), account.workspaceId, "agent", "Bobagent");
    const actor = { type: "user", id: account.userId } as const;
    const bot = await createBot(db(), {
      workspaceId: account.workspaceId,
      name: "Bob secret bot",
      token: TELEGRAM_TOKEN,
      actor,
    });
    const flow = await createFlow(db(), {
      workspaceId: account.workspaceId,
      botId: bot.id,
      name: "Bob secret flow",
      actor,
    });
    // A real published version 1, so "not found" below means "not yours", not "no such thing".
    await saveDraft(db(), {
      workspaceId: account.workspaceId,
      flowId: flow.id,
      baseRevision: 1,
      document: publishableDocument(),
      actor,
    });
    await publishFlow(db(), { workspaceId: account.workspaceId, flowId: flow.id, actor });
    const invite = await createInvite(db(), {
      workspaceId: account.workspaceId,
      role: "admin",
      expiresInDays: 7,
      caller: { role: "owner", actor, userId: account.userId },
    });
    const product = await createProduct(db(), {
      workspaceId: account.workspaceId,
      product: createProductInput.parse({
        title: "Bob secret product",
        priceMinor: 100,
        currency: "RUB",
        kind: "file",
      }),
      actor,
    });
    const file = await createFile(db(), {
      workspaceId: account.workspaceId,
      actor,
      name: "Bob secret file.pdf",
      contentType: "application/pdf",
      body: new Blob(["%PDF-1.7 Bob's secret"]).stream(),
    });
    const keyProduct = await createProduct(db(), {
      workspaceId: account.workspaceId,
      product: createProductInput.parse({
        title: "Bob secret keys",
        priceMinor: 100,
        currency: "RUB",
        kind: "license_key",
      }),
      actor,
    });
    const [key] = await db()
      .insert(licenseKeys)
      .values({
        workspaceId: account.workspaceId,
        productId: keyProduct.id,
        code: "BOB-SECRET-KEY-7Q2Z",
      })
      .returning();
    await saveProvider(db(), {
      workspaceId: account.workspaceId,
      kind: "stripe",
      values: { secretKey: BOB_STRIPE_KEY },
      actor,
    });
    const { order } = await db().transaction((tx) =>
      createOrder(
        tx,
        {
          workspaceId: account.workspaceId,
          title: "Bob secret order",
          productKind: "file",
          amountMinor: 100,
          currency: "RUB",
          provider: "stripe",
          idempotencyKey: `bob-${account.workspaceId}`,
        },
        actor,
      ),
    );
    const [contact] = await db()
      .insert(contacts)
      .values({
        workspaceId: account.workspaceId,
        botId: bot.id,
        channelUserId: "777000111",
        firstName: "Bob secret buyer",
        phone: "+79990001122",
      })
      .returning();
    const [conversation] = await db()
      .insert(conversations)
      .values({
        workspaceId: account.workspaceId,
        botId: bot.id,
        contactId: contact!.id,
        status: "waiting",
        lastMessageText: "Bob secret question",
      })
      .returning();
    const [canned] = await db()
      .insert(cannedReplies)
      .values({ workspaceId: account.workspaceId, title: "Bob secret reply", text: "Hi" })
      .returning();
    const [eventType] = await db()
      .insert(eventTypes)
      .values({ workspaceId: account.workspaceId, name: "bob.secret_event" })
      .returning();
    const [event] = await db()
      .insert(externalEvents)
      .values({
        workspaceId: account.workspaceId,
        type: "bob.secret_event",
        idempotencyKey: "bob-secret-key",
        requestHash: "x",
        customerExternalId: "BOB-SECRET-CUSTOMER",
        data: {},
        occurredAt: new Date(),
        status: "unlinked",
      })
      .returning();
    const [broadcast] = await db()
      .insert(broadcasts)
      .values({
        workspaceId: account.workspaceId,
        botId: bot.id,
        name: "Bob secret broadcast",
        message: { text: "Bob secret text" },
      })
      .returning();
    const { row: webhook, secret: webhookSecret } = await createEndpoint(db(), {
      workspaceId: account.workspaceId,
      endpoint: {
        url: "https://bob-secret-erp.example.com/hooks",
        description: "",
        events: ["contact.linked"],
      },
      actor,
    });
    await recordJournal(db(), {
      workspaceId: account.workspaceId,
      actor,
      kind: "contact.linked",
    });
    const [webhookDelivery] = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, webhook.id));
    const [buyer] = await db()
      .insert(contacts)
      .values({
        workspaceId: account.workspaceId,
        botId: bot.id,
        channelUserId: "777000777",
        firstName: "Bobsecretbuyer",
        username: "bob_secret_buyer",
        phone: "+79990007777",
        externalId: "BOB-SECRET-1C",
        tags: ["bob-secret-tag"],
        fields: { bob_secret_field: "Bob secret value" },
      })
      .returning();
    await db().insert(conversations).values({
      workspaceId: account.workspaceId,
      botId: bot.id,
      contactId: buyer!.id,
      lastMessageText: "Bob secret message",
    });
    await db().insert(messages).values({
      workspaceId: account.workspaceId,
      contactId: buyer!.id,
      direction: "in",
      author: "contact",
      text: "Bob secret message",
    });
    const [segment] = await db()
      .insert(segments)
      .values({
        workspaceId: account.workspaceId,
        name: "Bob secret segment",
        filter: { tagsAny: ["bob-secret-tag"] },
      })
      .returning();
    const [contactField] = await db()
      .insert(contactFields)
      .values({ workspaceId: account.workspaceId, name: "bob_secret_field", label: "Bob field" })
      .returning();
    await recordJournal(db(), {
      workspaceId: account.workspaceId,
      actor,
      kind: "bob.secret_marker",
      botId: bot.id,
    });
    b = {
      account,
      workspaceId: account.workspaceId,
      ownerId: account.userId,
      agentId: agent.userId,
      botId: bot.id,
      flowId: flow.id,
      inviteId: invite.row.id,
      apiKeyId: account.apiKeyId,
      productId: product.id,
      keyProductId: keyProduct.id,
      keyId: String(key!.id),
      orderId: order.id,
      fileId: file.id,
      conversationId: conversation!.id,
      cannedReplyId: canned!.id,
      eventTypeId: eventType!.id,
      eventId: event!.id,
      broadcastId: broadcast!.id,
      webhookId: webhook.id,
      webhookDeliveryId: String(webhookDelivery!.id),
      contactId: buyer!.id,
      segmentId: segment!.id,
      contactFieldId: contactField!.id,
      secrets: [
        broadcast!.id,
        "Bob secret broadcast",
        "Bob secret text",
        webhook.id,
        "bob-secret-erp",
        webhookSecret,
        buyer!.id,
        "Bobsecretbuyer",
        "bob_secret_buyer",
        "777000777",
        "+79990007777",
        "BOB-SECRET-1C",
        "bob-secret-tag",
        "Bob secret value",
        "Bob secret message",
        segment!.id,
        "Bob secret segment",
        contactField!.id,
        "bob_secret_field",
        eventType!.id,
        "bob.secret_event",
        event!.id,
        "BOB-SECRET-CUSTOMER",
        account.workspaceId,
        account.userId,
        agent.userId,
        bot.id,
        flow.id,
        "Bob secret flow",
        invite.row.id,
        account.apiKeyId,
        account.email,
        "Bob's shop",
        "Bob secret bot",
        "bob.secret_marker",
        product.id,
        "Bob secret product",
        keyProduct.id,
        "Bob secret keys",
        "BOB-SECRET-KEY-7Q2Z",
        order.id,
        "Bob secret order",
        file.id,
        "Bob secret file",
        file.sha256,
        BOB_STRIPE_KEY,
        BOB_STRIPE_KEY.slice(-4),
        conversation!.id,
        contact!.id,
        "Bob secret buyer",
        "+79990001122",
        "Bob secret question",
        canned!.id,
        "Bob secret reply",
      ],
    };
  });

  it("lists every route file as workspace-scoped or exempt with a reason", () => {
    const unlisted = files.filter((f) => !(f.pattern in scoped) && !(f.pattern in exempt));
    expect(
      unlisted.map((f) => `${f.pattern} (${f.file})`),
      "add these routes to `scoped` or `exempt`",
    ).toEqual([]);
    const both = files
      .filter((f) => f.pattern in scoped && f.pattern in exempt)
      .map((f) => f.pattern);
    expect(both).toEqual([]);
    const stale = [...Object.keys(scoped), ...Object.keys(exempt)].filter(
      (p) => !files.some((f) => f.pattern === p),
    );
    expect(stale, "table entries without a route file").toEqual([]);
    for (const [pattern, scope] of Object.entries(scoped)) {
      expect(
        scope.kind !== "workspace-wide",
        `${pattern}: dynamic segments need B's id or a name`,
      ).toBe(pattern.includes("{"));
    }
  });

  const credentials = () =>
    [
      ["A's session", a.session],
      ["A's API key", a.apiKey],
    ] as const;

  const leaksIn = (text: string) => b.secrets.filter((s) => text.includes(s));

  /** The body as text; of a never-ending event stream, what it sent first. */
  async function textOf(res: Response): Promise<string> {
    if (!res.headers.get("content-type")?.startsWith("text/event-stream")) return res.text();
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    return new TextDecoder().decode(value);
  }

  it.each(files.filter((f) => f.pattern in scoped))("$pattern", async (file: RouteFile) => {
    const scope = scoped[file.pattern]!;
    const route = await loadRoute(file);
    const methods = Object.entries(route.handlers);
    expect(methods.length).toBeGreaterThan(0);
    const before = await snapshotOf(db(), b.workspaceId);

    for (const [method, handler] of methods) {
      const op = operationFor(method, file.pattern);
      expect(op, `${method} ${file.pattern} has no contract`).toBeDefined();
      const raw = op?.rawBody ? validRawBodies[op.id] : undefined;
      if (op?.rawBody)
        expect(raw, `add a valid raw body for ${op.id} to test/security/routes.ts`).toBeDefined();
      const body = op?.body ? validBodies[op.id] : raw?.body;
      if (op?.body)
        expect(body, `add a valid body for ${op.id} to test/security/routes.ts`).toBeDefined();
      const rawHeaders = raw?.headers ?? {};
      const label = (who: string) => `${method} ${file.pattern} as ${who}`;

      if (scope.kind === "named") {
        const params = scope.params();
        const url = Object.entries(params).reduce(
          (p, [k, v]) => p.replace(`{${k}}`, v),
          file.pattern,
        );
        for (const [who, auth] of credentials()) {
          const headers = { ...rawHeaders, ...auth };
          const res = await call(handler, url, { method, params, headers, body });
          expect([200, 201, 204, 404], label(who)).toContain(res.status);
          expect(leaksIn(await textOf(res)), label(who)).toEqual([]);
        }
        const viaHeader = await call(handler, url, {
          method,
          params,
          headers: { ...rawHeaders, ...a.session, [WORKSPACE_HEADER]: b.workspaceId },
          body,
        });
        expect(viaHeader.status, label("A's session naming B's workspace")).toBe(404);
        continue;
      }

      if (scope.kind === "item") {
        const params = scope.params(b);
        const url = Object.entries(params).reduce(
          (p, [k, v]) => p.replace(`{${k}}`, v),
          file.pattern,
        );
        for (const [who, auth] of credentials()) {
          const headers = { ...rawHeaders, ...auth };
          const res = await call(handler, url, { method, params, headers, body });
          expect(res.status, label(who)).toBe(404);
          expect(leaksIn(await textOf(res)), label(who)).toEqual([]);
        }
        const viaHeader = await call(handler, url, {
          method,
          params,
          headers: { ...rawHeaders, ...a.session, [WORKSPACE_HEADER]: b.workspaceId },
          body,
        });
        expect(viaHeader.status, label("A's session naming B's workspace")).toBe(404);
        continue;
      }

      for (const [who, auth] of credentials()) {
        const ownBody =
          op?.body && scope.kind === "workspace-wide" && scope.body ? scope.body(aOwn) : body;
        const extra = scope.kind === "workspace-wide" && scope.headers ? scope.headers() : {};
        const headers = { ...rawHeaders, ...extra, ...auth };
        const res = await call(handler, file.pattern, { method, headers, body: ownBody });
        expect(res.status, label(who)).toBeLessThan(300);
        expect(leaksIn(await textOf(res)), label(who)).toEqual([]);
        for (const [naming, named] of [
          ["naming B's workspace", { ...headers, [WORKSPACE_HEADER]: b.workspaceId }],
          [
            "with B's workspace cookie",
            { ...headers, cookie: `${headers.cookie ?? ""}; botshop_workspace=${b.workspaceId}` },
          ],
        ] as const) {
          const other = await call(handler, file.pattern, {
            method,
            headers: named,
            body: ownBody,
          });
          const text = await textOf(other);
          expect(leaksIn(text), `${label(who)} ${naming}`).toEqual([]);
          // A header naming B must be refused; a stale cookie falls back to A's own workspace.
          if (naming === "naming B's workspace")
            expect(other.status, `${label(who)} ${naming}`).toBe(404);
        }
      }
    }

    expect(await snapshotOf(db(), b.workspaceId), "B's rows changed").toBe(before);
  });

  it.each(Object.entries(exempt).filter(([, e]) => e.readAsA))(
    "%s (exempt) shows A nothing of B",
    async (pattern) => {
      const file = files.find((f) => f.pattern === pattern);
      expect(file).toBeDefined();
      const route = await loadRoute(file!);
      const get = route.handlers.GET;
      expect(get).toBeDefined();
      const res = await call(get!, pattern, { headers: a.session });
      expect(res.status).toBe(200);
      expect(leaksIn(await res.text())).toEqual([]);
    },
  );

  it("refuses to create a flow in A for B's bot", async () => {
    const { POST } = await import("@/app/api/v1/flows/route");
    const before = await snapshotOf(db(), b.workspaceId);
    for (const [who, headers] of credentials()) {
      const res = await call(POST, "/api/v1/flows", {
        method: "POST",
        headers,
        body: { botId: b.botId, name: "stolen" },
      });
      expect(res.status, who).toBe(404);
    }
    expect(await snapshotOf(db(), b.workspaceId)).toBe(before);
    const aFlows = await db().select().from(flows).where(eq(flows.workspaceId, a.workspaceId));
    expect(aFlows.map((f) => f.name)).not.toContain("stolen");
  });

  it("left B's owner able to see all of B's data (the ids were real)", async () => {
    const { GET } = await import("@/app/api/v1/bots/[id]/route");
    const res = await call(GET, `/api/v1/bots/${b.botId}`, {
      headers: b.account.session,
      params: { id: b.botId },
    });
    expect(res.status).toBe(200);
    const [invite] = await db().select().from(invites).where(eq(invites.id, b.inviteId));
    expect(invite?.revokedAt).toBeNull();
    const [key] = await db().select().from(apiKeys).where(eq(apiKeys.id, b.apiKeyId));
    expect(key?.revokedAt).toBeNull();
    const [agent] = await db()
      .select()
      .from(members)
      .where(and(eq(members.workspaceId, b.workspaceId), eq(members.userId, b.agentId)));
    expect(agent?.role).toBe("agent");
  });
});
