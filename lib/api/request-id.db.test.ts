import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call } from "@/test/http";
import { createRuntimeShop, type RuntimeShop } from "@/test/runtime";
import { publishableDocument } from "@/test/flows";
import { useFakeTelegram } from "@/test/telegram";
import { messageUpdate } from "@/test/fakes/telegram";
import { captureLogsForTests, logger } from "@/lib/log";
import { defineOperation } from "@/lib/api/operation";
import { route } from "@/lib/api/route";
import { POST as telegramWebhook } from "@/app/api/telegram/[botId]/route";
import * as health from "@/app/api/health/route";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const probe = defineOperation({
  id: "probe",
  method: "GET",
  path: "/api/probe",
  tag: "Test",
  summary: "Logs twice around an await, or fails",
  auth: "public",
});

/** A route that logs while it handles the request, the way domain code does. */
const probeRoute = route(probe, async ({ req }) => {
  const name = new URL(req.url).searchParams.get("name") ?? "";
  logger.info({ name }, "probe started");
  await new Promise((resolve) => setTimeout(resolve, Number(name.length)));
  if (name === "boom") throw new Error("the probe broke");
  logger.info({ name }, "probe finished");
  return Response.json({ ok: true });
});

describe("request ids", () => {
  const db = useTestDatabase();
  const telegram = useFakeTelegram();
  let shop: RuntimeShop;
  let lines: Record<string, unknown>[] = [];
  let restore: (() => void) | undefined;

  beforeAll(async () => {
    shop = await createRuntimeShop(db(), telegram());
    await shop.publish(publishableDocument("Hi"));
  });
  const capture = () => {
    lines = [];
    restore = captureLogsForTests({ write: (line) => lines.push(JSON.parse(line)) }, "debug");
  };
  afterEach(() => restore?.());

  it("gives each request an id, echoed in X-Request-Id and on every line it logs", async () => {
    capture();
    // Two requests at once (b finishes first, while a waits): each keeps its own id.
    const [a, b] = await Promise.all([
      call(probeRoute, "/api/probe", { query: { name: "aaaaaaaaaa" } }),
      call(probeRoute, "/api/probe", { query: { name: "b" } }),
    ]);
    const idA = a.headers.get("x-request-id")!;
    const idB = b.headers.get("x-request-id")!;
    expect(idA).toMatch(UUID);
    expect(idB).toMatch(UUID);
    expect(idA).not.toBe(idB);
    const byName = (name: string) => lines.filter((l) => l.name === name);
    expect(lines).toHaveLength(4);
    expect(byName("aaaaaaaaaa").map((l) => [l.msg, l.requestId])).toEqual([
      ["probe started", idA],
      ["probe finished", idA],
    ]);
    expect(byName("b").map((l) => [l.msg, l.requestId])).toEqual([
      ["probe started", idB],
      ["probe finished", idB],
    ]);
  });

  it("keeps a well-formed incoming X-Request-Id and replaces anything else", async () => {
    capture();
    const kept = await call(probeRoute, "/api/probe", {
      headers: { "x-request-id": "nginx-4b1f0c2e9a7d:1" },
    });
    expect(kept.headers.get("x-request-id")).toBe("nginx-4b1f0c2e9a7d:1");
    expect(lines.map((l) => l.requestId)).toEqual(["nginx-4b1f0c2e9a7d:1", "nginx-4b1f0c2e9a7d:1"]);
    for (const given of ["two words", "x".repeat(129), "<script>", "a\u00e9b"]) {
      const res = await call(probeRoute, "/api/probe", { headers: { "x-request-id": given } });
      expect(res.headers.get("x-request-id"), given).toMatch(UUID);
    }
  });

  it("logs an unhandled error once, with the id the 500 names", async () => {
    capture();
    const res = await call(probeRoute, "/api/probe", { query: { name: "boom" } });
    expect(res.status).toBe(500);
    const id = res.headers.get("x-request-id")!;
    expect((await res.json()).error.message).toBe(
      `Something went wrong on our side (request ${id})`,
    );
    const failed = lines.filter((l) => l.level === "error");
    expect(failed).toEqual([
      expect.objectContaining({
        msg: "unhandled error in API route",
        requestId: id,
        operation: "probe",
        err: expect.objectContaining({ type: "Error", message: "the probe broke" }),
      }),
    ]);
  });

  it("tags the Telegram webhook's lines and echoes its id", async () => {
    const update = { ...messageUpdate({ chatId: 7, text: "/start" }), update_id: 70 };
    const deliver = (requestId: string) =>
      telegramWebhook(
        new Request(`http://localhost:3000/api/telegram/${shop.botId}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-telegram-bot-api-secret-token": shop.secret,
            "x-request-id": requestId,
          },
          body: JSON.stringify(update),
        }),
        { params: Promise.resolve({ botId: shop.botId }) },
      );
    expect((await deliver("tg-first")).status).toBe(200);
    capture();
    // Telegram delivers the same update again: acknowledged, and logged at debug.
    const again = await deliver("tg-again");
    expect(again.status).toBe(200);
    expect(again.headers.get("x-request-id")).toBe("tg-again");
    expect(lines).toEqual([
      expect.objectContaining({
        level: "debug",
        msg: "telegram update redelivered",
        botId: shop.botId,
        updateId: 70,
        requestId: "tg-again",
      }),
    ]);
  });

  it("echoes an id from the routes outside route() too", async () => {
    const res = await call(health.GET, "/api/health", { headers: { "x-request-id": "probe-1" } });
    expect(res.headers.get("x-request-id")).toBe("probe-1");
    expect((await call(health.GET, "/api/health")).headers.get("x-request-id")).toMatch(UUID);
  });
});
