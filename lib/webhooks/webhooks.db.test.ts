import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journal, webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { recordJournal } from "@/lib/journal/record";
import { createOrder } from "@/lib/payments/orders/create";
import { transitionOrder } from "@/lib/payments/orders/transition";
import { POST as createRoute } from "@/app/api/v1/webhooks/route";
import { POST as testRoute } from "@/app/api/v1/webhooks/[id]/test/route";
import { POST as resendRoute } from "@/app/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend/route";
import { GET as deliveriesRoute } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { useTestDatabase } from "@/test/db";
import { call, createTestAccount, type TestAccount } from "@/test/http";
import { deliverDueWebhooks, resendDelivery, retryWindowMs } from "./deliver";
import { createEndpoint } from "./endpoints";
import { verifyWebhookSignature } from "./signature";

/** A receiver on 127.0.0.1 that answers `status` and keeps what it was sent. */
function startReceiver() {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "nope");
    });
  });
  return {
    received,
    setStatus: (s: number) => (status = s),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`),
        ),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps connections alive; close would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

describe("outgoing webhooks", () => {
  const db = useTestDatabase();
  const receiver = startReceiver();
  let url: string;
  let owner: TestAccount;
  const actor = { type: "system" } as const;
  const local = { allowPrivateAddresses: true };

  beforeAll(async () => {
    url = await receiver.listen();
    owner = await createTestAccount(db());
  });
  afterAll(() => receiver.close());

  const endpoint = async (events: string[], workspaceId = owner.workspaceId) => {
    const { row, secret } = await createEndpoint(db(), {
      workspaceId,
      endpoint: { url, description: "", events: events as never },
      actor,
      ...local,
    });
    return { id: row.id, secret };
  };
  const deliveriesOf = (endpointId: string) =>
    db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId))
      .orderBy(webhookDeliveries.id);
  const newOrder = (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0]) =>
    createOrder(
      tx,
      {
        workspaceId: owner.workspaceId,
        title: "An e-book",
        productKind: "file",
        amountMinor: 49900,
        currency: "RUB",
        provider: "stripe",
        idempotencyKey: `o-${Math.random()}`,
      },
      actor,
    );

  it("queues deliveries in the journal's transaction: a rolled-back change notifies nobody", async () => {
    const { id } = await endpoint(["order.created", "order.paid"]);
    const other = await endpoint(["contact.linked"]);
    await db()
      .transaction(async (tx) => {
        await newOrder(tx);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await deliveriesOf(id)).toEqual([]);

    const { order } = await db().transaction(async (tx) => {
      const created = await newOrder(tx);
      await transitionOrder(tx, created.order.id, "pending", { actor, reason: "test" });
      await transitionOrder(tx, created.order.id, "paid", { actor, reason: "test" });
      return created;
    });
    const rows = await deliveriesOf(id);
    expect(rows.map((r) => r.event)).toEqual(["order.created", "order.paid"]);
    const paid = rows[1]!.payload as {
      type: string;
      data: { order: { id: string; status: string } };
    };
    expect(paid.type).toBe("order.paid");
    expect(paid.data.order).toMatchObject({ id: order.id, status: "paid", amountMinor: 49900 });
    expect(await deliveriesOf(other.id)).toEqual([]);
    await db().delete(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, owner.workspaceId));
  });

  it("signs each request so that the documented check accepts it, and only it", async () => {
    const { id, secret } = await endpoint(["contact.linked"]);
    await recordJournal(db(), { workspaceId: owner.workspaceId, actor, kind: "contact.linked" });
    receiver.received.length = 0;
    expect(await deliverDueWebhooks(db(), local)).toBe(1);
    const [got] = receiver.received;
    expect(got!.headers["botshop-event"]).toBe("contact.linked");
    const signature = String(got!.headers["botshop-signature"]);
    expect(verifyWebhookSignature(secret, signature, got!.body)).toBe(true);
    expect(verifyWebhookSignature(secret, signature, got!.body.replace("}", " }"))).toBe(false);
    expect(verifyWebhookSignature("whsec_other", signature, got!.body)).toBe(false);
    // A replay an hour later is refused by the timestamp.
    const later = Math.floor(Date.now() / 1000) + 3600;
    expect(verifyWebhookSignature(secret, signature, got!.body, { now: later })).toBe(false);
    const [row] = await deliveriesOf(id);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200 });
    expect(got!.headers["botshop-delivery"]).toBe(String(row!.id));
    await db().delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  });

  it("retries a failing receiver with growing delays for 24 hours, then disables the endpoint and alerts", async () => {
    receiver.setStatus(500);
    const { id } = await endpoint(["contact.linked"]);
    const start = Date.now();
    let now = start;
    const options = { ...local, now: () => new Date(now), disableAfter: 2 };
    for (const _ of [1, 2])
      await recordJournal(db(), { workspaceId: owner.workspaceId, actor, kind: "contact.linked" });
    // Both rows were queued "now" by the database; drive the clock from there.
    const gaps: number[] = [];
    for (let round = 0; round < 40; round++) {
      const [first] = await deliveriesOf(id);
      if (first!.status !== "pending") break;
      // The database keeps microseconds; the clock has milliseconds.
      now = Math.max(now, first!.nextAttemptAt.getTime() + 1);
      await deliverDueWebhooks(db(), options);
      const [after] = await deliveriesOf(id);
      if (after!.status === "pending") gaps.push(after!.nextAttemptAt.getTime() - now);
    }
    const rows = await deliveriesOf(id);
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    const first = rows[0]!;
    expect(first.lastStatusCode).toBe(500);
    expect(first.log.length).toBe(first.attempts);
    expect(first.attempts).toBeGreaterThan(8);
    // Each wait at least as long as the one before, and the last attempt within the 24 hours.
    expect(gaps[0]).toBe(10_000);
    expect(gaps.every((g, i) => i === 0 || g >= gaps[i - 1]!)).toBe(true);
    const lastAt = new Date(first.log.at(-1)!.at).getTime();
    expect(lastAt - first.createdAt.getTime()).toBeLessThanOrEqual(retryWindowMs);
    expect(now - start).toBeGreaterThan(retryWindowMs - 7 * 3600_000);

    const [ep] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(ep).toMatchObject({ enabled: false, consecutiveFailures: 2 });
    expect(ep!.disabledReason).toBe("failures");
    const kinds = (
      await db()
        .select({ kind: journal.kind })
        .from(journal)
        .where(and(eq(journal.workspaceId, owner.workspaceId), eq(journal.subjectId, id)))
    ).map((r) => r.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["webhook_endpoint.disabled", "alert.webhook_disabled"]),
    );
    // Nothing is sent to a disabled endpoint, nor queued for it.
    await recordJournal(db(), { workspaceId: owner.workspaceId, actor, kind: "contact.linked" });
    expect(await deliveriesOf(id)).toHaveLength(2);

    // Manual resend: a new attempt now, for a failed delivery too; success resets the count.
    receiver.setStatus(200);
    const resent = await resendDelivery(db(), first, { ...local, now: () => new Date(now) });
    expect(resent).toMatchObject({ status: "delivered", lastStatusCode: 200 });
    expect(resent.attempts).toBe(first.attempts + 1);
    const [reset] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(reset!.consecutiveFailures).toBe(0);
  });

  it("gives up on many deliveries of one endpoint at once: disabled once, no deadlock", async () => {
    receiver.setStatus(500);
    const { id } = await endpoint(["contact.linked"]);
    // Eight deliveries at their last attempt: each gives up, and the third gives-up disables
    // the endpoint, failing the others' rows while their own attempts are in flight.
    const dayAgo = new Date(Date.now() - retryWindowMs - 60_000);
    await db()
      .insert(webhookDeliveries)
      .values(
        Array.from({ length: 8 }, (_, i) => ({
          workspaceId: owner.workspaceId,
          endpointId: id,
          event: "contact.linked",
          dedupeKey: `last-attempt-${i}`,
          payload: { type: "contact.linked" },
          attempts: 9,
          nextAttemptAt: dayAgo,
          createdAt: dayAgo,
        })),
      );
    expect(await deliverDueWebhooks(db(), { ...local, disableAfter: 3 })).toBe(8);
    const rows = await deliveriesOf(id);
    expect(rows.map((r) => r.status)).toEqual(Array(8).fill("failed"));
    const [ep] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(ep).toMatchObject({ enabled: false, disabledReason: "failures" });
    const alerts = await db()
      .select({ kind: journal.kind })
      .from(journal)
      .where(and(eq(journal.subjectId, id), eq(journal.kind, "alert.webhook_disabled")));
    expect(alerts).toHaveLength(1);
    await db().delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  });

  it("refuses private addresses unless explicitly allowed", async () => {
    const res = await call(createRoute, "/api/v1/webhooks", {
      method: "POST",
      headers: owner.apiKey,
      body: { url: "http://127.0.0.1:9/x", events: ["order.paid"] },
    });
    expect(res.status).toBe(422);
    for (const bad of ["http://localhost/x", "http://[::1]/x", "http://10.0.0.7/x", "ftp://a.b/"]) {
      const r = await call(createRoute, "/api/v1/webhooks", {
        method: "POST",
        headers: owner.apiKey,
        body: { url: bad, events: ["order.paid"] },
      });
      expect(r.status, bad).toBe(422);
    }
    // An endpoint that was saved with a private address (or a name resolving to one) is refused
    // at delivery time, without a request, and not retried.
    const { id } = await endpoint(["contact.linked"]);
    await recordJournal(db(), { workspaceId: owner.workspaceId, actor, kind: "contact.linked" });
    receiver.received.length = 0;
    await deliverDueWebhooks(db(), { allowPrivateAddresses: false });
    expect(receiver.received).toEqual([]);
    const [row] = await deliveriesOf(id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row!.lastError).toMatch(/private address/);
  });

  it("creates an endpoint through the API, shows the secret once, sends a test event and resends it", async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
    try {
      receiver.setStatus(200);
      const res = await call(createRoute, "/api/v1/webhooks", {
        method: "POST",
        headers: owner.session,
        body: { url, events: ["order.paid", "order.paid"], description: "ERP" },
      });
      expect(res.status).toBe(201);
      const { endpoint: ep, secret } = (await res.json()) as {
        endpoint: { id: string; events: string[] };
        secret: string;
      };
      expect(secret).toMatch(/^whsec_/);
      expect(ep.events).toEqual(["order.paid"]);
      const params = { id: ep.id };
      const tested = await call(testRoute, `/api/v1/webhooks/${ep.id}/test`, {
        method: "POST",
        headers: owner.session,
        params,
      });
      expect(tested.status).toBe(200);
      const { delivery } = (await tested.json()) as { delivery: { id: number; status: string } };
      expect(delivery.status).toBe("delivered");
      const got = receiver.received.at(-1)!;
      expect(got.headers["botshop-event"]).toBe("webhook.test");
      expect(
        verifyWebhookSignature(secret, String(got.headers["botshop-signature"]), got.body),
      ).toBe(true);
      const resent = await call(
        resendRoute,
        `/api/v1/webhooks/${ep.id}/deliveries/${delivery.id}/resend`,
        {
          method: "POST",
          headers: owner.session,
          params: { ...params, deliveryId: String(delivery.id) },
        },
      );
      expect(((await resent.json()) as { delivery: { attempts: number } }).delivery.attempts).toBe(
        2,
      );
      const log = await call(deliveriesRoute, `/api/v1/webhooks/${ep.id}/deliveries`, {
        headers: owner.session,
        params,
      });
      const page = (await log.json()) as { data: { log: unknown[]; payload: { type: string } }[] };
      expect(page.data).toHaveLength(1);
      expect(page.data[0]!.log).toHaveLength(2);
      expect(page.data[0]!.payload.type).toBe("webhook.test");
    } finally {
      delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    }
  });
});
