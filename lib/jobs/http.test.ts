import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress, performHttpRequest, refusedAddress } from "./http";

describe("the http node's guard", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["8.8.8.8", false],
    ["::1", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["2001:4860:4860::8888", false],
  ])("%s private: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it("refuses a host name that resolves to loopback", async () => {
    expect(await refusedAddress("localhost")).toMatch(/private address/);
  });
});

describe("performHttpRequest", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/json") {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ balance: 42, method: req.method }));
      } else if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://169.254.169.254/" }).end();
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 3000);
      } else res.writeHead(500).end("boom");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const request = (path: string, timeoutSeconds = 5) => ({
    method: "GET",
    url: `${base}${path}`,
    headers: {},
    timeoutSeconds,
  });

  it("refuses a private address unless allowed, for good (a retry would be refused too)", async () => {
    expect(await performHttpRequest(request("/json"))).toEqual({
      ok: false,
      error: expect.stringMatching(/private address/),
      refused: true,
    });
  });

  it("a name that does not resolve is an error, not a lasting refusal", async () => {
    const answer = await performHttpRequest({
      ...request("/"),
      url: "http://no-such-host.invalid/",
    });
    expect(answer).toEqual({ ok: false, error: "cannot resolve no-such-host.invalid" });
  });

  describe("with private addresses allowed (HTTP_NODE_ALLOW_PRIVATE=1)", () => {
    beforeAll(() => {
      process.env.HTTP_NODE_ALLOW_PRIVATE = "1";
    });
    afterAll(() => {
      delete process.env.HTTP_NODE_ALLOW_PRIVATE;
    });

    it("parses a JSON answer", async () => {
      expect(await performHttpRequest(request("/json"))).toEqual({
        ok: true,
        status: 200,
        body: { balance: 42, method: "GET" },
      });
    });

    it("does not follow a redirect", async () => {
      expect(await performHttpRequest(request("/redirect"))).toMatchObject({
        ok: false,
        status: 302,
      });
    });

    it("gives up at the timeout", async () => {
      expect(await performHttpRequest(request("/slow", 1))).toEqual({
        ok: false,
        error: "timed out",
      });
    });

    it("reports a 5xx as not ok, with the body", async () => {
      expect(await performHttpRequest(request("/fail"))).toEqual({
        ok: false,
        status: 500,
        body: "boom",
      });
    });
  });

  it("refuses other schemes", async () => {
    expect(await performHttpRequest({ ...request("/"), url: "file:///etc/passwd" })).toEqual({
      ok: false,
      error: "only http and https URLs",
      refused: true,
    });
  });
});
