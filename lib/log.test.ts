import { afterEach, describe, expect, it } from "vitest";
import { captureLogsForTests, logger, runWithRequestId } from "./log";

describe("logger", () => {
  let lines: Record<string, unknown>[] = [];
  let restore: (() => void) | undefined;
  const capture = (level: Parameters<typeof captureLogsForTests>[1] = "debug") => {
    lines = [];
    restore = captureLogsForTests({ write: (line) => lines.push(JSON.parse(line)) }, level);
  };
  afterEach(() => restore?.());

  it("writes one JSON object per line: level name, ISO time, message and fields", () => {
    capture();
    logger.info({ botId: "b1", count: 3 }, "something happened");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "something happened",
      botId: "b1",
      count: 3,
    });
    expect(new Date(String(lines[0]!.time)).toISOString()).toBe(lines[0]!.time);
    expect(lines[0]).not.toHaveProperty("requestId");
  });

  it("tags every line written inside a request with its id, and none outside", async () => {
    capture();
    await runWithRequestId("req-1", async () => {
      logger.info({}, "first");
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.warn({ orderId: "o1" }, "after an await");
    });
    logger.info({}, "outside");
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ["first", "req-1"],
      ["after an await", "req-1"],
      ["outside", undefined],
    ]);
  });

  it("logs from the configured level up", () => {
    capture("warn");
    logger.debug({}, "d");
    logger.info({}, "i");
    logger.warn({}, "w");
    logger.error({}, "e");
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ["warn", "w"],
      ["error", "e"],
    ]);
  });

  it("writes warnings and errors to stderr, the rest to stdout", () => {
    const out: string[] = [];
    const err: string[] = [];
    restore = captureLogsForTests({ write: (l) => out.push(JSON.parse(l).msg) }, "debug", {
      write: (l) => err.push(JSON.parse(l).msg),
    });
    logger.debug({}, "d");
    logger.info({}, "i");
    logger.warn({}, "w");
    logger.error({}, "e");
    expect({ out, err }).toEqual({ out: ["d", "i"], err: ["w", "e"] });
  });

  it("serialises errors with their causes, and never a bot token", () => {
    capture();
    const cause = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const err = new Error(
      "request to https://api.telegram.org/bot123456:AAH-secret_token/sendMessage failed",
      { cause },
    );
    // What grammY's HttpError carries besides: the failed request, URL and all.
    Object.assign(err, { request: { url: "https://api.telegram.org/bot123456:AAH-secret/x" } });
    logger.error({ err, outboxId: 7 }, "send failed");
    const logged = lines[0]!;
    expect(logged.outboxId).toBe(7);
    expect(logged.err).toEqual({
      type: "Error",
      message: "request to https://api.telegram.org/bot<token>/sendMessage failed",
      stack: expect.stringContaining("bot<token>/sendMessage"),
      cause: {
        type: "Error",
        message: "connect ECONNREFUSED",
        code: "ECONNREFUSED",
        stack: expect.any(String),
      },
    });
    expect(JSON.stringify(lines)).not.toContain("AAH");
  });
});
