import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { call } from "@/test/http";
import { allOperations } from "@/lib/api/contracts";
import * as openapi from "@/app/api/v1/openapi.json/route";
import { findRouteFiles, loadRoute } from "./routes";

/** next-auth answers its own paths (/api/auth/*); they have no contract of ours. */
/** Not part of our API: next-auth's own routes, and Telegram's webhook (Telegram's format). */
/** Routes for other machines (auth callbacks, webhooks), not part of the public API. */
const WITHOUT_CONTRACT = new Set([
  "/api/auth/{...nextauth}",
  "/api/metrics",
  "/api/telegram/{botId}",
  "/api/payments/stripe/{providerId}",
  "/api/payments/yookassa/{providerId}",
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function resolvePointer(doc: Json, ref: string): Json | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: Json | undefined = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || Array.isArray(node) || !(key in node))
      return undefined;
    node = node[key];
  }
  return node;
}

function collectRefs(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

describe("OpenAPI document and route files", () => {
  useTestDatabase();

  const fetchDoc = async (): Promise<Json & { [key: string]: Json }> => {
    const res = await call(openapi.GET, "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    return res.json();
  };

  it("is OpenAPI 3.1.0 with every public operation, and no internal one", async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toBe("3.1.0");
    const paths = doc.paths as Record<string, Record<string, { operationId: string }>>;
    for (const op of allOperations) {
      const documented = paths[op.path]?.[op.method.toLowerCase()];
      if (op.internal) expect(documented, `${op.id} is internal`).toBeUndefined();
      else expect(documented?.operationId, `${op.method} ${op.path}`).toBe(op.id);
    }
    const documentedCount = Object.values(paths).reduce(
      (n, methods) => n + Object.keys(methods).length,
      0,
    );
    expect(documentedCount).toBe(allOperations.filter((op) => !op.internal).length);
  });

  it("references only schemas that exist", async () => {
    const doc = await fetchDoc();
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(0);
    const broken = [...new Set(refs)].filter(
      (ref) => !ref.startsWith("#/components/schemas/") || resolvePointer(doc, ref) === undefined,
    );
    expect(broken).toEqual([]);
  });

  it("has a contract for every exported handler, and a handler for every contract", async () => {
    const routes = await Promise.all(findRouteFiles().map(loadRoute));
    expect(routes.length).toBeGreaterThan(5);
    const implemented = new Set<string>();
    const withoutContract: string[] = [];
    for (const route of routes) {
      if (WITHOUT_CONTRACT.has(route.pattern)) continue;
      const methods = Object.keys(route.handlers);
      expect(methods.length, `${route.file} exports no handler`).toBeGreaterThan(0);
      for (const method of methods) {
        const key = `${method} ${route.pattern}`;
        implemented.add(key);
        if (!allOperations.some((op) => `${op.method} ${op.path}` === key))
          withoutContract.push(`${key} (${route.file})`);
      }
    }
    expect(withoutContract, "route handlers without an operation in lib/api/contracts").toEqual([]);
    const unimplemented = allOperations
      .map((op) => `${op.method} ${op.path}`)
      .filter((k) => !implemented.has(k));
    expect(unimplemented, "operations without a route handler").toEqual([]);
  });

  it("declares every operation once", () => {
    const keys = allOperations.map((op) => `${op.method} ${op.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = allOperations.map((op) => op.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
