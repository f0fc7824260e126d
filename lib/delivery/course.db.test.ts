import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries, journal, orders, outbox } from "@/lib/db/schema";
import { openCoursePage } from "@/lib/delivery/course-page";
import { maxExternalAttempts } from "@/lib/delivery/issue";
import { refundOrder } from "@/lib/payments/refund";
import { createDeliveryShop, type DeliveryShop } from "@/test/delivery";
import { useTestDatabase } from "@/test/db";
import { useFakeTelegram } from "@/test/telegram";

/*
 * Course activation through the shop's LMS, end to end: the buyer pays a Stars invoice through
 * the real webhook route, the outbox worker POSTs the enrolment to a local HTTP server standing
 * in for the LMS (loopback allowed the way lib/jobs/http.test.ts allows it), and the answer
 * decides what the buyer gets and which path the flow takes.
 */

interface LmsRequest {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe("course activation through an LMS", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let t: DeliveryShop;
  let server: http.Server;
  let lmsUrl: string;
  const requests: LmsRequest[] = [];
  /** The LMS's next answers, in order; when empty it answers 200 {}. */
  const script: { status: number; body: unknown }[] = [];

  beforeAll(async () => {
    process.env.HTTP_NODE_ALLOW_PRIVATE = "1";
    t = await createDeliveryShop(db(), telegram());
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        requests.push({ method: req.method ?? "", headers: req.headers, body });
        const next = script.shift() ?? { status: 200, body: {} };
        res.writeHead(next.status, { "content-type": "application/json" });
        res.end(JSON.stringify(next.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    lmsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/enrol`;
  });
  afterAll(() => {
    delete process.env.HTTP_NODE_ALLOW_PRIVATE;
    server.closeAllConnections();
    server.close();
  });

  const lmsProduct = (delivery: Record<string, unknown> = {}) =>
    t.product({
      title: "Course",
      delivery: {
        courseMode: "lms",
        lmsUrl,
        lmsBody: '{"name": "{{contact.first_name}}", "order": "{{order.id}}"}',
        ...delivery,
      },
    });

  async function paidBuyer(productId: string, firstName = "Ann") {
    const { buyer, order } = await t.atInvoice(productId, { from: { first_name: firstName } });
    requests.length = 0;
    await t.pay(buyer, order);
    await t.shop.drain();
    return { buyer, order };
  }

  const lmsCalls = (orderId: string) =>
    db()
      .select({ data: journal.data })
      .from(journal)
      .where(and(eq(journal.orderId, orderId), eq(journal.kind, "delivery.lms_called")))
      .orderBy(asc(journal.at));

  /** The deliver row backing off after a transient failure, made due now. */
  async function retryNow(contactId: string, attempts?: number) {
    const [row] = await db()
      .update(outbox)
      .set({ notBefore: new Date(), ...(attempts === undefined ? {} : { attempts }) })
      .where(
        and(
          eq(outbox.kind, "deliver"),
          eq(outbox.contactId, contactId),
          eq(outbox.status, "pending"),
        ),
      )
      .returning();
    expect(row).toBeDefined();
    await t.shop.drain();
  }

  it("enrols with the rendered body, once per delivery, and sends the LMS's sign-in link", async () => {
    const p = await lmsProduct();
    script.push({ status: 201, body: { login_url: "https://school.example/magic?t=a&b=1" } });
    const { buyer, order } = await paidBuyer(p.id, 'Ann "Q" \\ O\'Neil');

    expect(requests).toHaveLength(1);
    const [request] = requests;
    const delivery = await t.deliveryOf(order.id);
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["idempotency-key"]).toBe(delivery.id);
    // The name's quote and backslash are escaped inside the JSON string, not breaking it.
    expect(JSON.parse(request!.body)).toEqual({ name: 'Ann "Q" \\ O\'Neil', order: order.id });

    expect(delivery).toMatchObject({ status: "issued", method: "course" });
    expect(delivery.data).toMatchObject({
      lms: { status: 201 },
      accessUrl: "https://school.example/magic?t=a&b=1",
    });
    const texts = t.shop.texts(buyer);
    const goods = texts.find((x) => x.includes("enrolled"));
    expect(goods).toContain("https://school.example/magic?t=a&b=1");
    expect(texts.at(-1)).toBe("Enjoy");
    const [fulfilled] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(fulfilled!.status).toBe("fulfilled");
    const calls = await lmsCalls(order.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.data).toMatchObject({ attempt: 1, status: 201, response: expect.any(String) });
    expect(typeof calls[0]!.data.durationMs).toBe("number");
  });

  it("without a body of its own, the default body names the order and the buyer", async () => {
    const p = await lmsProduct({ lmsBody: "" });
    const { buyer, order } = await paidBuyer(p.id, "Bo");
    expect(JSON.parse(requests[0]!.body)).toMatchObject({
      order_id: order.id,
      product: "Course",
      currency: "XTR",
      contact: { first_name: "Bo", telegram_id: String(buyer) },
    });
    // No URL in the answer: the buyer is told they are enrolled, without a link.
    expect(t.shop.texts(buyer).find((x) => x.includes("enrolled"))).not.toMatch(/https?:/);
  });

  it("a 5xx is retried with the same idempotency key, and the retry's success issues", async () => {
    const p = await lmsProduct();
    script.push({ status: 503, body: { error: "busy" } });
    script.push({ status: 200, body: { url: "https://school.example/c/1" } });
    const { buyer, order } = await paidBuyer(p.id);
    expect((await t.deliveryOf(order.id)).status).toBe("pending");
    expect(t.shop.texts(buyer).join("\n")).not.toContain("enrolled");

    await retryNow(order.contactId!);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers["idempotency-key"]).toBe(requests[0]!.headers["idempotency-key"]);
    expect((await t.deliveryOf(order.id)).status).toBe("issued");
    expect(t.shop.texts(buyer).join("\n")).toContain("https://school.example/c/1");
    expect((await lmsCalls(order.id)).map((c) => c.data.status)).toEqual([503, 200]);
  });

  it("a 4xx is the LMS saying no: failed as lms_refused, not retried, the flow's failed path", async () => {
    const p = await lmsProduct();
    script.push({ status: 422, body: { error: "email required" } });
    const { buyer, order } = await paidBuyer(p.id);
    expect(requests).toHaveLength(1);
    const delivery = await t.deliveryOf(order.id);
    expect(delivery.status).toBe("failed");
    expect(delivery.data).toMatchObject({
      reason: "lms_refused",
      lms: { status: 422, response: expect.stringContaining("email required") },
    });
    expect(t.shop.texts(buyer).join("\n")).toContain("could not issue");
    expect(t.shop.texts(buyer).at(-1)).toBe("Sorry");
    const [held] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(held!.status).toBe("paid");
    const failed = await db()
      .select({ data: journal.data })
      .from(journal)
      .where(and(eq(journal.orderId, order.id), eq(journal.kind, "delivery.failed")));
    expect(failed[0]!.data).toMatchObject({ reason: "lms_refused" });
  });

  it("after the last attempt a transient failure fails the delivery with the last error", async () => {
    // A closed port: a network error on every try.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const p = await lmsProduct({ lmsUrl: `http://127.0.0.1:${port}/enrol` });
    const { buyer, order } = await paidBuyer(p.id);
    expect((await t.deliveryOf(order.id)).status).toBe("pending");

    // The next claim is the last attempt.
    await retryNow(order.contactId!, maxExternalAttempts - 1);
    const delivery = await t.deliveryOf(order.id);
    expect(delivery.status).toBe("failed");
    expect(delivery.data).toMatchObject({
      reason: "external_failed",
      error: expect.stringMatching(/^LMS: /),
    });
    const calls = await lmsCalls(order.id);
    expect(calls.map((c) => c.data.attempt)).toEqual([1, maxExternalAttempts]);
    expect(calls.every((c) => c.data.status === null && typeof c.data.error === "string")).toBe(
      true,
    );
    expect(t.shop.texts(buyer).at(-1)).toBe("Sorry");
  });

  it("a private address is refused without a request, unless an admin allows it", async () => {
    delete process.env.HTTP_NODE_ALLOW_PRIVATE;
    try {
      const p = await lmsProduct();
      const { order } = await paidBuyer(p.id);
      expect(requests).toHaveLength(0);
      expect((await t.deliveryOf(order.id)).data).toMatchObject({
        reason: "lms_url_refused",
        error: expect.stringMatching(/private address/),
      });
    } finally {
      process.env.HTTP_NODE_ALLOW_PRIVATE = "1";
    }
  });

  it("a body that does not render to JSON is not sent", async () => {
    const p = await lmsProduct({ lmsBody: '{"name": {{contact.first_name}}}' });
    const { order } = await paidBuyer(p.id);
    expect(requests).toHaveLength(0);
    expect((await t.deliveryOf(order.id)).data).toMatchObject({ reason: "lms_body_invalid" });
  });
});

describe("the built-in course page", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let t: DeliveryShop;
  beforeAll(async () => {
    t = await createDeliveryShop(db(), telegram());
  });
  const client = { ip: "203.0.113.9", userAgent: "test" };
  const tokenIn = (text: string) => /\/c\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

  it("shows the product's page to the link's holder, journals the first open once, and stops at a refund", async () => {
    const content = "Lesson 1: https://video.example/1\n<b>not markup</b>";
    const p = await t.product({ title: "Watercolour", delivery: { pageContent: content } });
    const { buyer, order } = await t.atInvoice(p.id);
    await t.pay(buyer, order);
    await t.shop.drain();
    const token = tokenIn(t.shop.texts(buyer).find((x) => tokenIn(x))!)!;
    expect(JSON.stringify(await t.deliveryOf(order.id))).not.toContain(token);

    const opened = await Promise.all([1, 2, 3].map(() => openCoursePage(db(), token, client)));
    for (const page of opened) expect(page).toEqual({ ok: true, title: "Watercolour", content });
    const openedEntries = () =>
      db()
        .select({ data: journal.data })
        .from(journal)
        .where(and(eq(journal.orderId, order.id), eq(journal.kind, "delivery.opened")));
    expect(await openedEntries()).toHaveLength(1);
    expect((await openedEntries())[0]!.data).toMatchObject({ ip: "203.0.113.9" });

    await refundOrder(db(), {
      workspaceId: t.shop.workspaceId,
      orderId: order.id,
      actor: { type: "system" },
    });
    expect(await openCoursePage(db(), token, client)).toEqual({
      ok: false,
      why: "revoked",
      title: "Watercolour",
    });
  });

  it("an unknown or malformed token finds nothing", async () => {
    expect(await openCoursePage(db(), "A".repeat(43), client)).toEqual({
      ok: false,
      why: "unknown",
    });
    expect(await openCoursePage(db(), "../etc", client)).toEqual({ ok: false, why: "unknown" });
  });

  it("an expired access says so", async () => {
    const p = await t.product({ title: "Short course" });
    const { buyer, order } = await t.atInvoice(p.id);
    await t.pay(buyer, order);
    await t.shop.drain();
    const token = tokenIn(t.shop.texts(buyer).find((x) => tokenIn(x))!)!;
    await db()
      .update(deliveries)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(deliveries.orderId, order.id));
    expect(await openCoursePage(db(), token, client)).toMatchObject({ ok: false, why: "expired" });
  });
});
